# One place for the warning policy so every target gets the same flags.
function(threadline_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wnon-virtual-dtor -Wcast-align
                                           -Woverloaded-virtual -Wimplicit-fallthrough)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wshadow=local)
  endif()
  if(THREADLINE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
