#pragma once
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

class Workspace;

// What the user adds — notes, tags, "root cause", accept/reject of suggested edges, bookmarks —
// stored in tables recomputation never touches. Targets are stable across re-import and
// re-analysis: an item is "<source path>|<ref>", a conversation its conversations.key, an edge
// "<from item target>→<to item target>" (row ids change, these do not).
class AnnotationStore
{
public:
    struct Annotation
    {
        int64_t id = 0;
        QString targetKind; // item, conversation, edge (finding for legacy rows)
        QString target;
        QString note;
        QString author;
        QString createdAt;
        QString decision; // accepted / rejected / empty
        QStringList tags;
        bool rootCause = false;
    };

    struct Bookmark
    {
        int64_t id = 0;
        QString targetKind;
        QString target;
        QString label;
        QString createdAt;
    };

    // Stable targets for row ids; empty when the row does not exist.
    static QString itemTarget(const Workspace &workspace, int64_t itemId);
    static QString conversationTarget(const Workspace &workspace, int64_t conversationId);
    static QString edgeTarget(const Workspace &workspace, int64_t edgeId);
    // Back to row ids in the workspace as it is now; 0 when the target is gone.
    static int64_t resolveItem(const Workspace &workspace, const QString &target);
    static int64_t resolveConversation(const Workspace &workspace, const QString &target);
    static int64_t resolveEdge(const Workspace &workspace, const QString &target);
    // The OS user, the default author.
    static QString defaultAuthor();

    // Adds `a` (id ignored); an empty author becomes defaultAuthor(), an empty createdAt now.
    // Throws SqliteError on a read-only workspace. Returns the new id.
    static int64_t add(Workspace &workspace, const Annotation &a);
    // Rewrites note, tags, author, root cause and decision of the annotation with a.id.
    // Returns false when no such annotation exists.
    static bool update(Workspace &workspace, const Annotation &a);
    static bool remove(Workspace &workspace, int64_t id);
    static std::optional<Annotation> get(const Workspace &workspace, int64_t id);
    static std::vector<Annotation> all(const Workspace &workspace);
    // Annotations whose note, tags or author contain `text` (case-insensitive).
    static std::vector<Annotation> search(const Workspace &workspace, const QString &text);
    // On the conversation itself, on its items and on edges between its items.
    static std::vector<Annotation> forConversation(const Workspace &workspace, int64_t conversationId);

    // The row-id API the views use: a numeric target of kind item/edge/conversation also finds
    // the annotations stored under that row's stable target.
    static std::vector<Annotation> list(const Workspace &workspace, const QString &targetKind, const QString &target);
    static int64_t add(Workspace &workspace, const QString &targetKind, const QString &target, const QString &note,
        const QString &decision = QString());
    // The latest accept/reject decision on a target, empty if none.
    static QString decision(const Workspace &workspace, const QString &targetKind, const QString &target);

    static int64_t addBookmark(
        Workspace &workspace, const QString &targetKind, const QString &target, const QString &label);
    static bool renameBookmark(Workspace &workspace, int64_t id, const QString &label);
    static bool removeBookmark(Workspace &workspace, int64_t id);
    static std::vector<Bookmark> bookmarks(const Workspace &workspace);
};
