#pragma once
#include <QStringList>

// One `threadline <name>` subcommand. Listed in --help only when `available`, so the help
// never advertises what does not work yet.
struct CliCommand
{
    const char *name;
    const char *summary;
    bool available;
    int (*run)(const QStringList &args); // args[0] is the subcommand name
};
