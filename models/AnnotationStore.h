#pragma once
#include <QString>

#include <cstdint>
#include <vector>

class Workspace;

// What the user adds (notes, accept/reject of suggested edges): the annotations table, which
// recomputation never touches. target_kind is item, edge, conversation or finding.
class AnnotationStore
{
public:
    struct Annotation
    {
        int64_t id = 0;
        QString targetKind;
        QString target;
        QString note;
        QString author;
        QString createdAt;
        QString decision; // accepted / rejected / empty
    };

    static std::vector<Annotation> list(const Workspace &workspace, const QString &targetKind, const QString &target);
    // Throws on a read-only workspace (SqliteError). Returns the new row id.
    static int64_t add(Workspace &workspace, const QString &targetKind, const QString &target, const QString &note,
        const QString &decision = QString());
    // The latest accept/reject decision on a target, empty if none.
    static QString decision(const Workspace &workspace, const QString &targetKind, const QString &target);
};
