# comet plot end to end: a tiny `comet run`, then every figure of its run
# directory as PNG and SVG; checks the files and their magic bytes.
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${COMET} run ${CONFIG} data.train_subset=600 data.test_subset=300
                        model.width=32 train.epochs=1 probe.examples=100 --out ${OUT}/run --quiet
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "comet run exited ${rc}\n${err}")
endif()
foreach(format png svg)
  execute_process(COMMAND ${COMET} plot ${OUT}/run --format ${format} --out ${OUT}/fig-${format}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "comet plot --format ${format} exited ${rc}\n${out}\n${err}")
  endif()
  foreach(f curves_loss curves_accuracy run/usage_layer1 run/overlap_classes_layer2 run/overlap_examples_layer3
            run/similarity_layer1)
    if(NOT EXISTS ${OUT}/fig-${format}/${f}.${format} OR NOT EXISTS ${OUT}/fig-${format}/${f}.csv)
      message(FATAL_ERROR "comet plot did not write ${f}.${format} and its CSV:\n${out}")
    endif()
  endforeach()
endforeach()
file(READ ${OUT}/fig-png/curves_loss.png magic LIMIT 4 HEX)
if(NOT magic STREQUAL "89504e47")
  message(FATAL_ERROR "curves_loss.png is not a PNG (${magic})")
endif()
file(READ ${OUT}/fig-svg/run/usage_layer1.svg head LIMIT 200)
if(NOT head MATCHES "<svg")
  message(FATAL_ERROR "usage_layer1.svg is not SVG")
endif()
execute_process(COMMAND ${COMET} plot ${OUT}/run --figure nonsense RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
if(NOT rc EQUAL 2)
  message(FATAL_ERROR "comet plot --figure nonsense exited ${rc}, expected 2")
endif()
