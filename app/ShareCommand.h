#pragma once
#include <QStringList>

// threadline share -w WS --out COPY [--redact] [--pattern REGEX]... [--force]
namespace ShareCommand {
constexpr bool available = true;
int run(const QStringList &args);
} // namespace ShareCommand
