// ImporterRegistry: content sniffing over the real fixtures and the project's test data, the
// --format override, and how ties and unknown content resolve.
#include "ImporterRegistry.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QtTest>

#include <set>
#include <utility>
#include <vector>

using namespace TestUtils;

namespace {

const Importer *detectBytes(const std::string &head, const std::string &fileName = "input")
{
    return ImporterRegistry::instance().detect(SniffInput {head, fileName});
}

QString formatOf(const Importer *imp)
{
    return imp ? QString::fromLatin1(imp->format()) : QString();
}

// logfmt has no public sample in fixtures/real, so its row is written here.
const QByteArray logfmtSample = "ts=2026-01-02T03:04:05Z level=info msg=\"started\" svc=api\n"
                                "ts=2026-01-02T03:04:06Z level=error msg=\"upstream 503\" svc=api\n";

} // namespace

class TstImporterRegistry : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // One or more files per format, real samples wherever fixtures/real or tests/data has one.
    std::vector<std::pair<QString, QString>> detectionRows()
    {
        const QString logfmt = writeTemp(m_dir, QStringLiteral("app.logfmt"), logfmtSample);
        const std::pair<QString, const char *> rows[] = {
            {realFixture("otlp/otel-proto-example-trace.json"), "otlp-traces"},
            {realFixture("otlp/jaeger-memory-otel_traces_01.json"), "otlp-traces"},
            {realFixture("otlp/otel-proto-example-logs.json"), "otlp-logs"},
            {realFixture("logs/lnav-otlp-logs.jsonl"), "otlp-logs"},
            {realFixture("jaeger/jaeger-ui-trace-graph.json"), "jaeger"},
            {realFixture("zipkin/zipkin-lens-yelp.json"), "zipkin"},
            {realFixture("otel-js/openinference-vercel-ai-sdk-spans.json"), "otel-sdk-spans"},
            {realFixture("otel-python/any-agent-openai-trace.json"), "otel-sdk-spans"},
            {testData("agents-sdk/run.jsonl"), "openai-agents"},
            {testData("agents-sdk/array.json"), "openai-agents"},
            {realFixture("langfuse/crewai-2025-07-11.json"), "langfuse"},
            {testData("langfuse/public-api-trace.json"), "langfuse"},
            {realFixture("langsmith/py-langsmith_py_wrap_openai_.json"), "langsmith"},
            {testData("langsmith/ancestry.jsonl"), "langsmith"},
            {realFixture("logs/lnav-bunyan-renovate.jsonl"), "jsonl-log"},
            {logfmt, "logfmt"},
            {realFixture("email/sendgrid-event-webhook-sample.json"), "json-records"},
            {realFixture("asr/whisper-timestamped-punctuations.vtt"), "transcript"},
            {realFixture("asr/whisper-timestamped-punctuations.words.srt"), "transcript"},
            {realFixture("asr/deepgram-prerecorded-preamble-nova3.json"), "transcript"},
            {realFixture("media/whisper-cpp-jfk.wav"), "media"},
            {realFixture("media/openai-agents-graph.png"), "media"},
        };
        std::vector<std::pair<QString, QString>> list;
        for (const auto &[path, format] : rows)
            list.emplace_back(path, QString::fromLatin1(format));
        return list;
    }

private slots:
    void detectsByContent_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("format");
        for (const auto &[path, format] : detectionRows())
            QTest::newRow(qPrintable(QFileInfo(path).fileName())) << path << format;
    }

    void detectsByContent()
    {
        QFETCH(QString, path);
        QFETCH(QString, format);
        QVERIFY2(QFileInfo::exists(path), qPrintable(path));
        QCOMPARE(detectFormat(path), format);
        // The name must not matter: the same bytes under a misleading extension.
        for (const char *name : {"renamed.txt", "renamed.log"}) {
            const QString copy = writeTemp(m_dir, QString::fromLatin1(name), readFile(path));
            QCOMPARE(detectFormat(copy), format);
        }
    }

    void everyRegisteredFormatHasADetectionRow()
    {
        // A format added to the registry without a row in detectionRows() would go untested.
        std::set<QString> covered;
        for (const auto &row : detectionRows())
            covered.insert(row.second);
        std::set<QString> registered;
        for (const Importer *imp : ImporterRegistry::instance().importers()) {
            // --format must reach the very instance detect() returns, and ids must be unique.
            QCOMPARE(ImporterRegistry::instance().byFormat(imp->format()), imp);
            QVERIFY2(registered.insert(formatOf(imp)).second, imp->format());
        }
        QCOMPARE(covered, registered);
    }

    void unknownContent_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("format");
        QByteArray binary;
        for (int i = 0; i < 4096; ++i)
            binary.append(char((i * 37 + 11) & 0xff));
        QTest::newRow("binary") << binary << QString();
        QTest::newRow("empty") << QByteArray() << QString();
        QTest::newRow("prose") << QByteArray("The call dropped twice.\nThe customer asked for a refund = yes.\n")
                               << QString();
        QTest::newRow("bom only") << QByteArray("\xEF\xBB\xBF") << QString();
        // JSON of no known shape falls to the generic importers, which the registry puts last
        // on purpose: one object per line reads as a log, a pretty-printed one as a record.
        QTest::newRow("unknown json line")
            << QByteArray("{\"colour\":\"blue\",\"count\":3}\n") << QStringLiteral("jsonl-log");
        QTest::newRow("unknown json pretty")
            << QByteArray("{\n  \"colour\": \"blue\",\n  \"count\": 3\n}\n") << QStringLiteral("json-records");
    }

    void unknownContent()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, format);
        const QString path = writeTemp(m_dir, QStringLiteral("unknown.json"), bytes);
        QCOMPARE(detectFormat(path), format);
        if (!format.isEmpty())
            return;
        // The runner reports undetected content as skipped, not failed.
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto r = importOne(*ws, path);
        QCOMPARE(r.status, ImportRunner::FileResult::Status::Skipped);
        QVERIFY2(r.message.contains(QStringLiteral("not a format Threadline reads")), qPrintable(r.message));
    }

    void formatOverride()
    {
        QCOMPARE(formatOf(ImporterRegistry::instance().byFormat("logfmt")), QStringLiteral("logfmt"));
        QCOMPARE(ImporterRegistry::instance().byFormat("no-such-format"), nullptr);
        QCOMPARE(ImporterRegistry::instance().byFormat(""), nullptr);

        // --format wins over what the content says.
        const QString otlpLogs = realFixture("otlp/otel-proto-example-logs.json");
        QCOMPARE(detectFormat(otlpLogs), QStringLiteral("otlp-logs"));
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto forced = importOne(*ws, otlpLogs, QStringLiteral("json-records"));
        QCOMPARE(forced.format, QStringLiteral("json-records"));
        QVERIFY(forced.status != ImportRunner::FileResult::Status::Failed);

        const auto unknown = importOne(*ws, otlpLogs, QStringLiteral("no-such-format"));
        QCOMPARE(unknown.status, ImportRunner::FileResult::Status::Failed);
        QVERIFY2(
            unknown.message.contains(QStringLiteral("unknown format \"no-such-format\"")), qPrintable(unknown.message));
    }

    void tiesGoToRegistrationOrder_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QString>("format");
        // Both OTLP sniffers score 95; traces is registered first, whatever the key order.
        QTest::newRow("spans then logs") << QByteArray("{\"resourceSpans\":[],\"resourceLogs\":[]}")
                                         << QStringLiteral("otlp-traces");
        QTest::newRow("logs then spans") << QByteArray("{\"resourceLogs\":[],\"resourceSpans\":[]}")
                                         << QStringLiteral("otlp-traces");
        // Jaeger and Langfuse both score 92; Jaeger is registered first.
        QTest::newRow("jaeger and langfuse") << QByteArray(
            "{\"traceId\":\"t\",\"observations\":[],\"traceID\":\"a\",\"spanID\":\"b\","
            "\"operationName\":\"x\"}") << QStringLiteral("jaeger");
    }

    void tiesGoToRegistrationOrder()
    {
        QFETCH(QByteArray, head);
        QFETCH(QString, format);
        const std::string bytes = head.toStdString();
        const Importer *first = detectBytes(bytes);
        QCOMPARE(formatOf(first), format);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(detectBytes(bytes), first);
    }

    void hostileHeadsDoNotEscapeDetection()
    {
        // No registry hook lets a test add a throwing sniffer, so these are the inputs most likely
        // to make a real one throw: JSON nested past the parser's limit, and broken UTF-8.
        const std::string deep = std::string(2000, '[') + std::string(2000, ']');
        const std::string jsonl = "{" + std::string("\"a\":") + deep + "}\n{\"msg\":\"ok\"}\n{\"msg\":\"ok\"}\n";
        // The over-deep line is one bad line of three: still a log.
        QCOMPARE(formatOf(detectBytes(jsonl)), QStringLiteral("jsonl-log"));
        // Likewise one line of broken UTF-8 among good ones.
        QCOMPARE(formatOf(detectBytes("{\"msg\":\"\xff\xfe\"}\n{\"msg\":\"a\"}\n{\"msg\":\"b\"}\n")),
            QStringLiteral("jsonl-log"));
        // And a log written all in Latin-1: the importer reads such lines, so detection counts them.
        QCOMPARE(formatOf(detectBytes("{\"msg\":\"caf\xe9\"}\n{\"msg\":\"na\xefve\"}\n")), QStringLiteral("jsonl-log"));
        // A head cut inside a multi-byte character and a WAV magic cut short.
        QCOMPARE(formatOf(detectBytes("WEBVTT\n\n00:00.000 --> 00:01.000\nh\xC3")), QStringLiteral("transcript"));
        QCOMPARE(formatOf(detectBytes(std::string("RIFF\x10\x00\x00", 7), "x.wav")), QString());
    }
};

QTEST_GUILESS_MAIN(TstImporterRegistry)
#include "tst_importerregistry.moc"
