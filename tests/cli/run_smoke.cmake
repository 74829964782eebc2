# comet run on a small Fashion-MNIST subset; checks the exit code and that every
# file of the run directory is there, with status "completed" in summary.json.
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${COMET} run ${CONFIG} data.train_subset=1500 data.test_subset=500
                        model.width=64 train.epochs=1 train.lr=0.001 probe.examples=100 --out ${OUT} --quiet
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "comet run exited ${rc}\n${out}\n${err}")
endif()
foreach(f config.yaml metrics.csv steps.csv summary.json model.pt probe/summary.csv probe/usage_layer1.csv
          probe/overlap_classes_layer3.csv probe/similarity_layer2.csv)
  if(NOT EXISTS ${OUT}/${f})
    message(FATAL_ERROR "run directory lacks ${f}")
  endif()
endforeach()
file(READ ${OUT}/summary.json summary)
string(JSON status GET "${summary}" status)
string(JSON acc GET "${summary}" test_acc)
# test_acc must be a number: a JSON null reads as an empty string, which LESS never fails.
if(NOT status STREQUAL "completed" OR NOT acc MATCHES "^[0-9.eE+-]+$" OR acc LESS 0.3)
  message(FATAL_ERROR "unexpected summary: ${summary}")
endif()
if(NOT out MATCHES "test accuracy: [0-9.]+%")
  message(FATAL_ERROR "comet run did not print the test accuracy:\n${out}")
endif()
