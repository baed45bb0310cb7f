# Helpers every folder uses so warnings, outputs and test registration stay uniform.

# Our own code compiles warning-free; third-party headers are included as SYSTEM.
function(maas_target_defaults target)
    # Partial aggregate initialisation (tables of specs) relies on default member values.
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-missing-field-initializers)
    if(MAAS_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()

# maas_executable(NAME SOURCES... [LIBS ...]): an installed program in build/bin.
function(maas_executable name)
    cmake_parse_arguments(ARG "NO_INSTALL" "" "SOURCES;LIBS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    maas_target_defaults(${name})
    target_link_libraries(${name} PRIVATE ${ARG_LIBS})
    if(NOT ARG_NO_INSTALL)
        install(TARGETS ${name} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    endif()
endfunction()

# maas_unit_test(NAME SOURCES... LIBS ...): a Boost.Test executable registered with ctest
# under the "unit" label. Tests run in random order to catch hidden coupling.
function(maas_unit_test name)
    cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    maas_target_defaults(${name})
    target_compile_definitions(${name} PRIVATE BOOST_TEST_DYN_LINK)
    target_link_libraries(${name} PRIVATE ${ARG_LIBS} Boost::unit_test_framework)
    set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
    add_test(NAME unit.${name} COMMAND ${name} --random --report_level=short)
    set_tests_properties(unit.${name} PROPERTIES LABELS unit TIMEOUT 120)
endfunction()

# maas_fuzzer(NAME SOURCES... LIBS ... CORPUS dir): with MAAS_FUZZ and clang a libFuzzer
# binary; otherwise the same entry point linked with a replay driver that ctest runs over the
# seed corpus plus deterministic random inputs, so every build exercises the parser.
function(maas_fuzzer name)
    cmake_parse_arguments(ARG "" "CORPUS" "SOURCES;LIBS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    maas_target_defaults(${name})
    target_link_libraries(${name} PRIVATE ${ARG_LIBS})
    set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
    if(MAAS_FUZZ AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
        target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
    else()
        target_sources(${name} PRIVATE ${CMAKE_SOURCE_DIR}/tests/fuzz/replay_main.cpp)
        if(MAAS_BUILD_TESTS)
            add_test(NAME fuzz.${name} COMMAND ${name} ${ARG_CORPUS})
            set_tests_properties(fuzz.${name} PROPERTIES LABELS fuzz TIMEOUT 300)
        endif()
    endif()
endfunction()

# maas_label_tests(): gives every test defined in the calling folder (tests/TIER/COMPONENT) the
# labels TIER and COMPONENT, so `ctest -L rack` or `ctest -L system` selects them.
function(maas_label_tests)
    get_filename_component(component ${CMAKE_CURRENT_SOURCE_DIR} NAME)
    get_filename_component(tier_dir ${CMAKE_CURRENT_SOURCE_DIR} DIRECTORY)
    get_filename_component(tier ${tier_dir} NAME)
    get_property(tests DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR} PROPERTY TESTS)
    foreach(test ${tests})
        get_test_property(${test} LABELS labels)
        if(NOT labels)
            set(labels "")
        endif()
        foreach(label ${tier} ${component})
            if(NOT label IN_LIST labels)
                list(APPEND labels ${label})
            endif()
        endforeach()
        set_tests_properties(${test} PROPERTIES LABELS "${labels}")
    endforeach()
endfunction()
