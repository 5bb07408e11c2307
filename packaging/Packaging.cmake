# Install layout and the Debian package. Kept out of the top-level file so the build
# logic reads on its own.
include(GNUInstallDirs)

set(THREADLINE_APP_ID org.threadline.Threadline)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/${THREADLINE_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/${THREADLINE_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/${THREADLINE_APP_ID}.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/threadline.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps RENAME ${THREADLINE_APP_ID}.svg)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/threadline.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/demo DESTINATION ${CMAKE_INSTALL_DATADIR}/threadline)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME threadline)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "The Threadline developers <dev@threadline.example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Runtime dependencies come from the binary's actual shared libraries (Qt 6, libsqlite3, zlib,
# and Qt Multimedia only when the build linked it).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-dejavu-core, shared-mime-info, desktop-file-utils")
set(CPACK_STRIP_FILES ON)
include(CPack)

if(THREADLINE_BUILD_TESTS AND NOT THREADLINE_SANITIZE)
  add_test(NAME package_deb COMMAND ${CMAKE_CURRENT_LIST_DIR}/test-deb.sh ${PROJECT_BINARY_DIR})
  set_tests_properties(package_deb PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600 RUN_SERIAL TRUE)
endif()
