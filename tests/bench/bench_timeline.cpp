// GUI scale benchmark: a workspace of 1 M items (WorkspaceWriter), then
//  - time from opening it to the main window's first paint (offscreen),
//  - time to select a conversation of 100 k items (timeline data + decision tree),
//  - per-frame paint time of the timeline with those 100 k items in view: fitted, zoomed out
//    beyond the fit, zoomed in ×4/×30/×300, panning (a drag) when fitted and when zoomed, and
//    repaints for a moving time cursor (the hover case).
// The busy conversation has ten bursts with 3-minute idle pauses, so gap compression is on.
// Prints one JSON object. Usage: bench_timeline [total_items] [items_in_view] [frames] [keep.threadline]
// (the last copies the generated workspace there, e.g. for a screenshot of conversation 1).
#include "MainWindow.h"
#include "SelectionState.h"
#include "TimelineWidget.h"
#include "TimestampParser.h"
#include "Workspace.h"
#include "WorkspaceWriter.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <numeric>
#include <vector>

namespace {
struct Stats
{
    double median = 0, p95 = 0, max = 0;
    double cpuMedian = 0, cpuP95 = 0;
};

// CPU time of this thread: on a shared machine wall time includes waiting for a core.
double threadCpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

Stats stats(std::vector<double> v, std::vector<double> cpu)
{
    std::sort(v.begin(), v.end());
    std::sort(cpu.begin(), cpu.end());
    const size_t p95 = std::min(v.size() - 1, v.size() * 95 / 100);
    return {v[v.size() / 2], v[p95], v.back(), cpu[cpu.size() / 2], cpu[p95]};
}
} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int total = argc > 1 ? std::atoi(argv[1]) : 1'000'000;
    const int inView = std::min(total, argc > 2 ? std::atoi(argv[2]) : 100'000);
    const int frames = std::max(5, argc > 3 ? std::atoi(argv[3]) : 40);
    const int perConversation = 100;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.threadline"));
    QElapsedTimer timer;
    timer.start();
    {
        auto ws = Workspace::create(path);
        WorkspaceWriter w(*ws);
        WorkspaceWriter::SourceInfo info;
        info.path = "bench.jsonl";
        info.format = "jsonl-log";
        info.sha256 = "bench";
        w.beginSource(info);
        const int64_t t0 = *TimestampParser::parseText("2025-02-07T00:00:00Z");
        const ItemKind kinds[] = {ItemKind::Llm, ItemKind::Tool, ItemKind::Log, ItemKind::Retrieval, ItemKind::Log,
            ItemKind::Handoff, ItemKind::Email};
        for (int i = 0; i < total; ++i) {
            Item it;
            it.ref = "line:" + std::to_string(i + 1);
            it.kind = kinds[i % 7];
            it.name = "step " + std::to_string(i);
            // The first inView items: one busy conversation, 10 minutes of activity in ten
            // bursts with 3-minute pauses between them; the rest: 100-item ones.
            const int64_t burst = std::max(1, inView / 10);
            const int64_t start = i < inView
                ? t0 + int64_t(i) * 600'000'000'000LL / inView + (i / burst) * 180'000'000'000LL
                : t0 + 100 * 60'000'000'000LL + int64_t(i) * 2'000'000'000LL;
            it.startNs = start;
            it.endNs = start + (i % 3 == 0 ? 40'000'000 : 2'000'000);
            it.status = i % 101 == 0 ? 2 : 1;
            it.text = "request " + std::to_string(i);
            w.addItem(it);
        }
        w.commitSource();
        SqliteDatabase &db = ws->db();
        SqliteTransaction tx(db);
        db.exec("INSERT INTO conversations(id, key, start_ns, end_ns, item_count) VALUES(1, 'busy', "
                "(SELECT min(start_ns) FROM items WHERE id <= "
            + std::to_string(inView)
            + "), (SELECT max(end_ns) FROM items "
              "WHERE id <= "
            + std::to_string(inView) + "), " + std::to_string(inView) + ")");
        db.exec("INSERT INTO conversation_items SELECT 1, id FROM items WHERE id <= " + std::to_string(inView));
        db.exec("INSERT INTO conversations(id, key, start_ns, end_ns, item_count) SELECT 2 + (id - "
            + std::to_string(inView + 1) + ") / " + std::to_string(perConversation) + ", 'c' || (2 + (id - "
            + std::to_string(inView + 1) + ") / " + std::to_string(perConversation)
            + "), min(start_ns), max(end_ns), count(*) FROM items WHERE id > " + std::to_string(inView)
            + " GROUP BY 1");
        db.exec("INSERT INTO conversation_items SELECT 2 + (id - " + std::to_string(inView + 1) + ") / "
            + std::to_string(perConversation) + ", id FROM items WHERE id > " + std::to_string(inView));
        db.exec("INSERT INTO findings(kind, severity, conversation_id, item_id, explanation) VALUES('broken_handoff', "
                "'error', 1, 6, 'bench finding')");
        tx.commit();
        ws->checkpoint();
    }
    const double buildS = timer.elapsed() / 1000.0;
    if (argc > 4) {
        QFile::remove(QString::fromLocal8Bit(argv[4]));
        QFile::copy(path, QString::fromLocal8Bit(argv[4]));
    }

    // Open → first paint.
    timer.restart();
    MainWindow window;
    window.resize(1600, 1000);
    if (!window.openWorkspace(path))
        return 1;
    window.show();
    const QImage first = window.grab().toImage();
    const double firstPaintMs = timer.nsecsElapsed() / 1e6;

    // Selecting the 100 k conversation: timeline data, lanes, decision tree.
    timer.restart();
    // The GUI thread only starts the load (a worker reads and builds); count both.
    window.selectConversation(1);
    const double selectGuiMs = timer.nsecsElapsed() / 1e6;
    if (!window.waitForConversation(120000))
        return 1;
    const double selectMs = timer.nsecsElapsed() / 1e6;

    TimelineWidget *timeline = window.timeline();
    timeline->resize(1200, 360);
    QImage frame(timeline->size(), QImage::Format_ARGB32_Premultiplied);
    auto paintFrames = [&](int count) {
        std::vector<double> ms, cpu;
        for (int f = 0; f < count; ++f) {
            const double c0 = threadCpuMs();
            timeline->render(&frame);
            cpu.push_back(threadCpuMs() - c0);
            ms.push_back(timeline->lastPaintMs());
        }
        return stats(ms, cpu);
    };
    timeline->fitAll();
    auto *axis = const_cast<TimelineAxis *>(&timeline->axis());
    const double mid = axis->width() / 2;
    std::vector<std::pair<const char *, Stats>> results;
    results.emplace_back("fit", paintFrames(frames));
    // Panning: every frame is a new scroll position (nothing cached from the last frame).
    auto panFrames = [&](double dx) {
        std::vector<double> ms, cpu;
        for (int f = 0; f < frames; ++f) {
            axis->pan(f < frames / 2 ? dx : -dx);
            const double c0 = threadCpuMs();
            timeline->render(&frame);
            cpu.push_back(threadCpuMs() - c0);
            ms.push_back(timeline->lastPaintMs());
        }
        return stats(ms, cpu);
    };
    results.emplace_back("fit_pan", panFrames(7));
    // The mouse moving over a still view: only the time cursor changes.
    auto cursorFrames = [&] {
        std::vector<double> ms, cpu;
        for (int f = 0; f < frames; ++f) {
            window.selection()->setCursor(axis->xToTime(mid + 9 * (f % 20)));
            const double c0 = threadCpuMs();
            timeline->render(&frame);
            cpu.push_back(threadCpuMs() - c0);
            ms.push_back(timeline->lastPaintMs());
        }
        return stats(ms, cpu);
    };
    results.emplace_back("fit_cursor", cursorFrames());
    axis->zoomAround(mid, 0.25);
    results.emplace_back("zoom_out4", paintFrames(frames));
    timeline->fitAll();
    axis->zoomAround(mid, 4);
    results.emplace_back("zoom4", paintFrames(frames));
    axis->zoomAround(mid, 30.0 / 4);
    results.emplace_back("zoom30", paintFrames(frames));
    results.emplace_back("zoom30_pan", panFrames(-25));
    axis->zoomAround(mid, 10);
    results.emplace_back("zoom300", paintFrames(frames));
    results.emplace_back("zoom300_pan", panFrames(-25));

    std::printf("{\"bench\":\"timeline\",\"workspace_items\":%d,\"conversations\":%d,\"build_workspace_s\":%.1f,"
                "\"open_to_first_paint_ms\":%.1f,\"select_100k_gui_thread_ms\":%.1f,"
                "\"select_100k_conversation_ms\":%.1f,\"items_in_view\":%d,\"timeline_size\":\"1200x360\","
                "\"frames\":%d,\"first_paint_size\":\"%dx%d\"",
        total, 1 + (total - inView + perConversation - 1) / perConversation, buildS, firstPaintMs, selectGuiMs,
        selectMs, inView, frames, first.width(), first.height());
    for (const auto &[name, st] : results)
        std::printf(",\"frame_ms_%s\":{\"median\":%.2f,\"p95\":%.2f,\"max\":%.2f,\"cpu_median\":%.2f,\"cpu_p95\":%.2f}",
            name, st.median, st.p95, st.max, st.cpuMedian, st.cpuP95);
    std::printf("}\n");
    return 0;
}
