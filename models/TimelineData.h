#pragma once
#include "TimelineItem.h"

#include <QByteArray>

#include <unordered_map>
#include <vector>

class Workspace;

// Everything the timeline draws for one conversation, read in a few queries: items with their
// source's clock offset, broken handoffs with their continuation, audio peaks, image sizes.
// Media bytes stay in the workspace until a view asks for them.
class TimelineData
{
public:
    struct AudioTrack
    {
        int64_t itemId = 0;
        int64_t durationNs = 0;
        std::vector<float> peaks;
    };

    std::vector<TimelineItem> items; // sorted by recorded start
    std::vector<AudioTrack> audio;

    int indexOf(int64_t itemId) const;
    const AudioTrack *audioFor(int64_t itemId) const;

    static TimelineData load(const Workspace &workspace, int64_t conversationId);
    // The bytes of an item's media (first row), empty when it has none.
    static QByteArray mediaBytes(const Workspace &workspace, int64_t itemId, QString *mime = nullptr);
    // Rebuilds the id index after items changed.
    void reindex();

private:
    std::unordered_map<int64_t, int> m_index;
};
