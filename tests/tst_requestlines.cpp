#include "ImportContext.h"
#include "ImportError.h"
#include "ImportInput.h"
#include "RequestLines.h"
#include "TestUtils.h"
#include "Workspace.h"
#include "WorkspaceWriter.h"

#include <QtTest>

#include <zlib.h>

// Both OTLP importers read collector files through RequestLines: which lines reach the parser,
// under which "line N", and whether a bad line costs a warning or the whole file is what the
// user sees in the import report.
class TstRequestLines : public QObject
{
    Q_OBJECT

    struct Call
    {
        QByteArray text;
        QString where;
    };

    struct Fixture
    {
        QTemporaryDir dir;
        std::unique_ptr<Workspace> ws = TestUtils::newWorkspace(dir);
        WorkspaceWriter writer {*ws};
        std::string file;
        std::unique_ptr<ImportInput> input;
        std::unique_ptr<ImportContext> ctx;
        std::vector<Call> calls;

        explicit Fixture(const QByteArray &bytes)
            : file(TestUtils::writeTemp(dir, QStringLiteral("t.jsonl"), bytes).toStdString())
            , input(std::make_unique<ImportInput>(file))
            , ctx(std::make_unique<ImportContext>(*input, writer, "t.jsonl", file))
        {
            WorkspaceWriter::SourceInfo info;
            info.path = "t.jsonl";
            info.format = "test";
            info.sha256 = "x";
            writer.beginSource(info);
        }
        // Reads the file; lines containing "bad" fail the way a request parser does.
        void read()
        {
            RequestLines::readFile(
                *ctx,
                [this](std::string &text, const std::string &where) {
                    calls.push_back({QByteArray::fromStdString(text), QString::fromStdString(where)});
                    if (text.find("bad") != std::string::npos)
                        throw ImportError(where, "no resourceSpans");
                },
                "OTLP request");
        }
        QStringList warnings()
        {
            writer.commitSource();
            return TestUtils::queryText(*ws, QStringLiteral("SELECT warnings FROM sources"))
                .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        }
    };

    static QByteArray gzip(const QByteArray &data)
    {
        QByteArray out(int(compressBound(uLong(data.size())) + 64), '\0');
        z_stream zs {};
        deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
        zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
        zs.avail_in = uInt(data.size());
        zs.next_out = reinterpret_cast<Bytef *>(out.data());
        zs.avail_out = uInt(out.size());
        deflate(&zs, Z_FINISH);
        out.resize(int(zs.total_out));
        deflateEnd(&zs);
        return out;
    }

    static QStringList wheres(const std::vector<Call> &calls)
    {
        QStringList out;
        for (const Call &c : calls)
            out << c.where;
        return out;
    }

private slots:
    void linesKeepTheirFileNumbers_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        const QByteArray plain("\n\n{\"a\":1}\r\n\n   \n{\"b\":2}\r\n{\"c\":3}");
        QTest::newRow("plain") << plain;
        QTest::newRow("gzip") << gzip(plain);
    }
    void linesKeepTheirFileNumbers()
    {
        // Blank lines are skipped but still counted, so "line 6" is line 6 in an editor; CRLF
        // and a missing final newline leave no trailing byte in the request.
        QFETCH(QByteArray, bytes);
        Fixture f(bytes);
        f.read();
        QCOMPARE(wheres(f.calls), (QStringList {"line 3", "line 6", "line 7"}));
        QCOMPARE(f.calls[0].text, QByteArray("{\"a\":1}"));
        QCOMPARE(f.calls[1].text, QByteArray("{\"b\":2}"));
        QCOMPARE(f.calls[2].text, QByteArray("{\"c\":3}"));
        QCOMPARE(f.ctx->warningCount(), 0);
    }

    void bytesReachTheParserUnchanged()
    {
        // Latin-1 in the first line still means JSON lines (the parser repairs it later), and
        // a NUL inside a line does not cut the line short.
        const QByteArray nul("{\"a\":\"x\0y\"}", 12);
        Fixture f(QByteArray("{\"n\":\"caf\xE9\"}\n") + nul + '\n');
        f.read();
        QCOMPARE(wheres(f.calls), (QStringList {"line 1", "line 2"}));
        QCOMPARE(f.calls[0].text, QByteArray("{\"n\":\"caf\xE9\"}"));
        QCOMPARE(f.calls[1].text, nul);
    }

    void prettyDocumentIsOneRequest_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("pretty-printed") << QByteArray("\n{\n  \"a\": 1\n}\n") << QByteArray("{\n  \"a\": 1\n}\n");
        // A first line nested beyond the parser's limit is not taken as one line's request.
        const QByteArray deep = QByteArray(600, '[') + QByteArray(600, ']');
        QTest::newRow("too deep for one line") << deep + "\n[]" << deep + "\n[]";
    }
    void prettyDocumentIsOneRequest()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArray, text);
        Fixture f(bytes);
        f.read();
        QCOMPARE(f.calls.size(), size_t(1));
        QCOMPARE(f.calls[0].where, QString());
        QCOMPARE(f.calls[0].text, text);
    }

    void emptyFileIsAnError_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("no bytes") << QByteArray();
        QTest::newRow("blank lines") << QByteArray("\n \r\n\t\n");
        QTest::newRow("gzip of nothing") << gzip(QByteArray());
    }
    void emptyFileIsAnError()
    {
        QFETCH(QByteArray, bytes);
        Fixture f(bytes);
        try {
            f.read();
            QFAIL("an empty file imported");
        } catch (const ImportError &e) {
            QCOMPARE(QString::fromStdString(e.describe()), QStringLiteral("the file is empty"));
        }
        QVERIFY(f.calls.empty());
    }

    void badLineIsWarnedAndSkipped()
    {
        Fixture f("{\"a\":1}\n{\"bad\":2}\n{\"c\":3}\n");
        f.read();
        QCOMPARE(f.calls.size(), size_t(3));
        QCOMPARE(f.warnings(), QStringList {QStringLiteral("line 2: no resourceSpans; line skipped")});
    }

    void noGoodLineFailsWithTheFirstError_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::newRow("one bad line") << QByteArray("\n{\"bad\":1}\n") << QStringLiteral("line 2: no resourceSpans");
        QTest::newRow("several bad lines")
            << QByteArray("{\"bad\":1}\n\n{\"bad\":2}\n")
            << QStringLiteral("line 1: no resourceSpans (and no other line is an OTLP request)");
    }
    void noGoodLineFailsWithTheFirstError()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        Fixture f(bytes);
        try {
            f.read();
            QFAIL("a file without a good line imported");
        } catch (const ImportError &e) {
            QCOMPARE(QString::fromStdString(e.describe()), message);
        }
        QCOMPARE(f.ctx->warningCount(), int(f.calls.size())); // each bad line was still reported
    }

    void warningsAreCapped()
    {
        // One warning per bad line up to 100, then one summary: a broken file must not bury
        // the report under thousands of identical lines.
        QByteArray bytes("{\"ok\":0}\n");
        for (int i = 0; i < 150; ++i)
            bytes += "{\"bad\":" + QByteArray::number(i) + "}\n";
        Fixture f(bytes);
        f.read();
        QCOMPARE(f.calls.size(), size_t(151));
        // 100 named lines and the summary; the workspace keeps the first 100 of any source.
        QCOMPARE(f.ctx->warningCount(), 101);
        const QStringList w = f.warnings();
        QCOMPARE(w[0], QStringLiteral("line 2: no resourceSpans; line skipped"));
        QCOMPARE(w[99], QStringLiteral("line 101: no resourceSpans; line skipped"));
    }

    void cancelIsNotABadLine()
    {
        // The runner rolls a cancelled file back; swallowing the cancel as a skipped line
        // would import the rest of the file instead.
        Fixture f("{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n");
        int seen = 0;
        QVERIFY_THROWS_EXCEPTION(ImportCancelled,
            RequestLines::readFile(
                *f.ctx,
                [&](std::string &, const std::string &) {
                    if (++seen == 2)
                        throw ImportCancelled();
                },
                "OTLP request"));
        QCOMPARE(seen, 2);
        QCOMPARE(f.ctx->warningCount(), 0);
    }

    void cancelFlagStopsMidFile()
    {
        // 2.4 MB of lines: more than one read chunk, so the flag set at line 1 is seen before
        // the end of the file.
        QByteArray bytes;
        for (int i = 0; i < 40000; ++i)
            bytes += "{\"line\":" + QByteArray::number(i) + ",\"pad\":\"" + QByteArray(40, 'x') + "\"}\n";
        Fixture f(bytes);
        std::atomic_bool cancel {false};
        f.input->setCancelFlag(&cancel);
        int seen = 0;
        QVERIFY_THROWS_EXCEPTION(ImportCancelled,
            RequestLines::readFile(
                *f.ctx,
                [&](std::string &, const std::string &) {
                    ++seen;
                    cancel = true;
                },
                "OTLP request"));
        QVERIFY2(seen >= 1 && seen < 40000, qPrintable(QString::number(seen)));
    }

    void overlongLineNamesItsLine()
    {
        // A line over the record limit stops the import (it cannot be skipped without reading
        // it) and the message names the line, not the one before.
        QByteArray bytes("{\"a\":1}\n\n{\"b\":\"");
        bytes += QByteArray(int(2.5 * (1 << 20)), 'x') + "\"}\n{\"c\":3}\n";
        Fixture f(bytes);
        f.input->setMaxRecordBytes(1 << 20);
        try {
            f.read();
            QFAIL("an overlong line imported");
        } catch (const ImportError &e) {
            QCOMPARE(QString::fromStdString(e.describe()),
                QStringLiteral("line 3: the line is longer than the limit of 1 MiB"));
        }
        QCOMPARE(wheres(f.calls), QStringList {QStringLiteral("line 1")});
    }
};

QTEST_GUILESS_MAIN(TstRequestLines)
#include "tst_requestlines.moc"
