# One library per part of Krabuan, each linking only the parts it may use.
#
#   krabuan_part(NAME exec DIRS engine/exec DEPS krabuan_model krabuan_store)
#
# A part is a static library of the .cc files in DIRS (or the listed SOURCES); DEPS are
# the parts and packages its headers expose (PUBLIC), PRIVATE_DEPS what only its sources
# use. A part with no sources is an INTERFACE library (headers only).
#
# Static libraries alone would let a back-edge through (the final program links every
# part), so each part with sources also gets a link check: a program that takes every
# object of the part and only its declared dependencies. A part calling into a part it
# does not declare (an arrow the README does not allow) fails to link there, in the
# normal build.
set(KRABUAN_LAYER_CHECK_MAIN ${CMAKE_CURRENT_LIST_DIR}/layer_check_main.cc)

function(krabuan_part)
  cmake_parse_arguments(P "" "NAME" "DIRS;SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  set(sources ${P_SOURCES})
  foreach(dir IN LISTS P_DIRS)
    file(GLOB dir_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${dir}/*.cc)
    list(APPEND sources ${dir_sources})
  endforeach()
  set(target krabuan_${P_NAME})
  if(sources)
    add_library(${target} STATIC ${sources})
    target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(${target} PUBLIC ${P_DEPS} PRIVATE ${P_PRIVATE_DEPS})
    add_executable(krabuan_layer_check_${P_NAME} ${KRABUAN_LAYER_CHECK_MAIN})
    target_link_libraries(krabuan_layer_check_${P_NAME} PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,${target}>")
  else()
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${target} INTERFACE ${P_DEPS})
  endif()
endfunction()
