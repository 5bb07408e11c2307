// libFuzzer target for one importer (the format is fixed per executable: kFuzzFormat).
// Each input is written to a file and imported through ImportRunner exactly as the CLI
// does, so the sniffing, the per-file transaction and the rollback are fuzzed too. What it
// imported then goes through what a user runs next: analyze (correlation, decision trees,
// findings, the --json output), the report, the audit export and the timeline's lanes and
// axis, so hostile values that import cleanly (a time in 1677, a 2262 end) are fuzzed there
// too. A crash, a sanitizer report or an exception escaping any of them is a bug.
#include "AnalysisJson.h"
#include "AuditExport.h"
#include "Correlator.h"
#include "ImportRunner.h"
#include "ReportBuilder.h"
#include "SqliteDatabase.h"
#include "SqliteStatement.h"
#include "TimelineAxis.h"
#include "TimelineData.h"
#include "TimelineLanes.h"
#include "Workspace.h"

#include <nlohmann/json.hpp>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdlib>
#include <memory>

// Defined by the per-target file CMake generates.
extern const char kFuzzFormat[];
extern const char kFuzzFileName[];

namespace {
struct State
{
    QTemporaryDir dir;
    std::unique_ptr<Workspace> ws;
    QString input;
};

State &state()
{
    static State *s = [] {
        auto *st = new State;
        st->ws = Workspace::create(st->dir.filePath(QStringLiteral("fuzz.threadline")));
        st->input = st->dir.filePath(QString::fromLatin1(kFuzzFileName));
        return st;
    }();
    return *s;
}

void analyze(Workspace &ws)
{
    Correlator(ws).run({});
    AnalysisJson::Options jo;
    jo.trees = true;
    (void)AnalysisJson::build(ws, jo).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::vector<int64_t> conversations;
    auto q = ws.db().prepare("SELECT id FROM conversations ORDER BY id LIMIT 4");
    while (q.step())
        conversations.push_back(q.int64(0));
    for (const int64_t id : conversations) {
        (void)ReportBuilder::build(ws, id, {});
        (void)AuditExport::csv(AuditExport::rows(ws, id));
        const TimelineData data = TimelineData::load(ws, id);
        for (const bool corrected : {false, true}) {
            TimelineLanes lanes;
            lanes.build(data.items, corrected);
            if (lanes.isEmpty())
                continue;
            TimelineAxis axis;
            axis.setWidth(1200);
            axis.fit(lanes.startNs(), lanes.endNs());
            axis.setGaps(TimelineAxis::findIdleGaps(lanes.intervals(), 10'000'000'000LL), 1'000'000'000LL);
            (void)axis.ticks();
            (void)axis.gapMarkers();
        }
    }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    State &s = state();
    {
        QFile f(s.input);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            std::abort();
        f.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    ImportRunner runner(*s.ws);
    ImportRunner::Options options;
    options.force = true;
    options.format = QString::fromLatin1(kFuzzFormat);
    runner.run({s.input}, options);
    analyze(*s.ws);
    // Detection by content must not crash either.
    options.format.clear();
    runner.run({s.input}, options);
    return 0;
}
