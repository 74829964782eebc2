# Finds the project's dependencies, all from Debian bookworm packages.
# libtorch-dev ships TorchConfig.cmake; yaml-cpp and Qt 6 ship their own configs.
find_package(Torch REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(ZLIB REQUIRED)
# oneDNN (libdnnl-dev): the sgemm behind FastLinear, the same build libtorch links.
find_package(dnnl REQUIRED)
find_package(Threads REQUIRED)
find_package(Qt6 REQUIRED COMPONENTS Core)
if(COMET_BUILD_TESTS)
  find_package(Qt6 REQUIRED COMPONENTS Test)
endif()
if(COMET_BUILD_GUI)
  find_package(Qt6 REQUIRED COMPONENTS Gui Widgets PrintSupport Svg)
  find_package(QCustomPlotQt6 REQUIRED)
endif()

# Torch's exported flags add -D_GLIBCXX_USE_CXX11_ABI; keep its include dirs as
# system headers so that our warnings stay about our code.
function(comet_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
endfunction()
