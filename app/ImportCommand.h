#pragma once
#include <QStringList>

// threadline import -w WS [--force] [--format F] PATH...
namespace ImportCommand {
constexpr bool available = true;
int run(const QStringList &args);
} // namespace ImportCommand
