# One library per part of Krabuan, each linking only the parts it may use.
#
#   krabuan_part(NAME exec DIRS engine/exec DEPS krabuan_model krabuan_store)
#
# A part is a static library of the .cc files in DIRS (or the listed SOURCES); DEPS are
# the parts and packages its headers expose (PUBLIC), PRIVATE_DEPS what only its sources
# use. A part with no sources is an INTERFACE library (headers only). The part owns the
# headers in DIRS, those beside its SOURCES, and HEADERS.
#
# Static libraries alone would let a back-edge through (the final program links every
# part), so each part with sources also gets a link check: a program that takes every
# object of the part and only its declared dependencies. A part calling into a part it
# does not declare (an arrow the README does not allow) fails to link there, in the
# normal build. Inline code links nowhere, so krabuan_layer_test() adds a test that every
# #include of a project header names a header of the part itself or of a part it may use.
set(KRABUAN_LAYER_CHECK_MAIN ${CMAKE_CURRENT_LIST_DIR}/layer_check_main.cc)

# The part names among `deps` (krabuan_exec -> exec); packages are left out.
function(krabuan_part_names out)
  set(names)
  foreach(dep IN LISTS ARGN)
    if(dep MATCHES "^krabuan_(.*)$")
      list(APPEND names ${CMAKE_MATCH_1})
    endif()
  endforeach()
  set(${out} ${names} PARENT_SCOPE)
endfunction()

function(krabuan_part)
  cmake_parse_arguments(P "" "NAME" "DIRS;SOURCES;HEADERS;DEPS;PRIVATE_DEPS" ${ARGN})
  set(sources ${P_SOURCES})
  foreach(dir IN LISTS P_DIRS)
    file(GLOB dir_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${dir}/*.cc)
    list(APPEND sources ${dir_sources})
  endforeach()
  set(target krabuan_${P_NAME})
  # For the include check: what the part owns, and the parts it names.
  set(owned ${P_DIRS})
  foreach(file IN LISTS P_SOURCES P_HEADERS)
    cmake_path(ABSOLUTE_PATH file BASE_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE absolute)
    file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR} ${absolute})
    string(REGEX REPLACE "\\.(cc|h)$" "" stem ${rel})
    list(APPEND owned ${stem}.cc ${stem}.h)
  endforeach()
  krabuan_part_names(exposes ${P_DEPS})
  krabuan_part_names(hides ${P_PRIVATE_DEPS})
  set_property(GLOBAL APPEND PROPERTY KRABUAN_PARTS ${P_NAME})
  set_property(GLOBAL PROPERTY KRABUAN_PART_${P_NAME}_OWNS ${owned})
  set_property(GLOBAL PROPERTY KRABUAN_PART_${P_NAME}_PUBLIC ${exposes})
  set_property(GLOBAL PROPERTY KRABUAN_PART_${P_NAME}_PRIVATE ${hides})
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

# The parts `name` may include: itself, the parts it names, and what their headers expose
# (their DEPS, and so on), as CMake's PUBLIC and PRIVATE mean it. A part behind another
# part's PRIVATE_DEPS is that part's own business.
function(krabuan_part_closure name out)
  get_property(direct GLOBAL PROPERTY KRABUAN_PART_${name}_PUBLIC)
  get_property(hidden GLOBAL PROPERTY KRABUAN_PART_${name}_PRIVATE)
  set(seen ${name})
  set(todo ${direct} ${hidden})
  while(todo)
    list(POP_FRONT todo part)
    if(part IN_LIST seen)
      continue()
    endif()
    list(APPEND seen ${part})
    get_property(exposed GLOBAL PROPERTY KRABUAN_PART_${part}_PUBLIC)
    list(APPEND todo ${exposed})
  endwhile()
  set(${out} ${seen} PARENT_SCOPE)
endfunction()

# Writes every part's files and allowed parts for cmake/check_layers.cmake, and adds the
# test that runs it. Call once, after the last krabuan_part().
function(krabuan_layer_test)
  get_property(parts GLOBAL PROPERTY KRABUAN_PARTS)
  set(map "")
  foreach(part IN LISTS parts)
    get_property(owns GLOBAL PROPERTY KRABUAN_PART_${part}_OWNS)
    krabuan_part_closure(${part} allowed)
    string(APPEND map "set(OWNS_${part} \"${owns}\")\nset(ALLOWED_${part} \"${allowed}\")\n")
  endforeach()
  file(WRITE ${CMAKE_BINARY_DIR}/krabuan_layers.cmake "set(PARTS \"${parts}\")\n${map}")
  add_test(NAME layers COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
           -DLAYERS=${CMAKE_BINARY_DIR}/krabuan_layers.cmake -P ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/check_layers.cmake)
endfunction()
