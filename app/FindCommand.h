#pragma once
#include <QStringList>

// threadline find -w WS [--user U] [--around TIME [--window 2h]] [--quote "..."] [--json]:
// ranks the conversations a complaint is about, each with its reasons.
namespace FindCommand {
constexpr bool available = true;
int run(const QStringList &args);
} // namespace FindCommand
