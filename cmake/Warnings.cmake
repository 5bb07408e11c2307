# One place for the warning policy so every target gets the same flags.
function(threadline_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wnon-virtual-dtor -Wcast-align
                                           -Woverloaded-virtual -Wimplicit-fallthrough)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wshadow=local)
  elseif(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    # Qt 6.4's QSKIP(message) expands to a variadic macro called with no variadic argument,
    # which clang's -Wpedantic reports in every test that skips.
    target_compile_options(${target} PRIVATE -Wno-gnu-zero-variadic-macro-arguments)
  endif()
  if(THREADLINE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
