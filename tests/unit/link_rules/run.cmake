# cmake -DRULES=.../LinkRules.cmake -DPROJECT=.../project -DWORK=DIR -DEDGE=none|cli-region|cli-rack
#       -P run.cmake
# Configures the probe tree with LinkRules.cmake. EDGE=none must configure; any other edge must
# fail, naming the program and the library it must not reach.
file(REMOVE_RECURSE ${WORK})
execute_process(
    COMMAND ${CMAKE_COMMAND} -S ${PROJECT} -B ${WORK} -DMAAS_LINK_RULES=${RULES} -DEDGE=${EDGE}
    RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(REMOVE_RECURSE ${WORK})
set(text "${out}${err}")
if(EDGE STREQUAL "none")
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "a tree without forbidden edges was refused:\n${text}")
    endif()
    message(STATUS "link_rules: a clean tree configures")
    return()
endif()
string(REPLACE "cli-" "" role ${EDGE})
if(result EQUAL 0)
    message(FATAL_ERROR "cli -> ${role} configured without complaint:\n${text}")
endif()
if(NOT text MATCHES "Forbidden link edges")
    message(FATAL_ERROR "configure failed, but not by the link check:\n${text}")
endif()
foreach(target probe_maas probe_cli_commands)
    if(NOT text MATCHES "${target} \\(cli\\) links probe_${role} \\(${role}\\)")
        message(FATAL_ERROR "the check did not name ${target} -> probe_${role}:\n${text}")
    endif()
endforeach()
message(STATUS "link_rules: cli -> ${role} refused, naming the program and the library")
