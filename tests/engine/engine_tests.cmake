# Engine tests: doctest cases that run the opgsim binary in a child process (SimGrid allows one
# engine per process) and check its exit code, messages and output files. One ctest entry per
# TEST_CASE.
file(GLOB engine_test_srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/tests/engine/*.cpp)
add_executable(test_engine ${engine_test_srcs} ${CMAKE_CURRENT_SOURCE_DIR}/tests/unit/doctest_main.cpp)
target_link_libraries(test_engine PRIVATE opgsim_analysis opgsim_scenario doctest::doctest nlohmann_json::nlohmann_json fmt::fmt)
target_include_directories(test_engine PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_definitions(test_engine PRIVATE OPGSIM_SOURCE_DIR="${CMAKE_CURRENT_SOURCE_DIR}"
                                               OPGSIM_BINARY="$<TARGET_FILE:opgsim>")
add_dependencies(test_engine opgsim)
# Under the sanitizers (bash setup.sh sanitize) a run takes 3 to 10 times as long, more on a shared
# machine: the M/M/4 capacity search alone took 382 s of the 600 there; the work sizes stay the same.
if(OPGSIM_SANITIZE)
  set(opgsim_engine_test_timeout 1800)
else()
  set(opgsim_engine_test_timeout 600)
endif()
doctest_discover_tests(test_engine TEST_PREFIX "engine: " PROPERTIES TIMEOUT ${opgsim_engine_test_timeout})
