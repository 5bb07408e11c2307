#pragma once

// Starts the Qt Widgets GUI (or the headless --screenshot renderer).
namespace GuiLauncher {
int run(int argc, char **argv);
}
