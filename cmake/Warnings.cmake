# One place for the warning policy so every target gets the same flags.
function(threadline_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor
                                           -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
  if(THREADLINE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
