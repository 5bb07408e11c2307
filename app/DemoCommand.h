#pragma once
#include <QStringList>

// threadline demo: imports the bundled demo case into a fresh workspace, analyzes it and opens
// the investigation window; with no display it prints the analysis and how to open it later.
namespace DemoCommand {
constexpr bool available = true;
int run(const QStringList &args);
// Where the demo files are: the installed copy next to the binary, else the source tree.
QString demoDirectory();
} // namespace DemoCommand
