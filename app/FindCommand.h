#pragma once
#include <QStringList>

// threadline find (not implemented yet: hidden from --help).
namespace FindCommand {
constexpr bool available = false;
int run(const QStringList &args);
} // namespace FindCommand
