#pragma once
#include <QStringList>

#include <cstdint>

class Workspace;

// threadline export -w WS --conversation ID --csv OUT
namespace ExportCommand {
constexpr bool available = true;
int run(const QStringList &args);
// The conversation's row id from a row id or a conversations.key; 0 when there is none.
int64_t conversationId(const Workspace &workspace, const QString &idOrKey);
} // namespace ExportCommand
