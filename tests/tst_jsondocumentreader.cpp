#include "ImportContext.h"
#include "ImportError.h"
#include "ImportInput.h"
#include "JsonDocumentReader.h"
#include "TestUtils.h"
#include "Workspace.h"
#include "WorkspaceWriter.h"

#include <QtTest>

#include <nlohmann/json.hpp>
#include <zlib.h>

// The Agents SDK, Langfuse and LangSmith importers read their exports through
// JsonDocumentReader: whether a file is one document or JSON lines decides what a bad line
// costs (a warning or the whole file), and its "where" is what the import report shows.
class TstJsonDocumentReader : public QObject
{
    Q_OBJECT

    struct Fixture
    {
        QTemporaryDir dir;
        std::unique_ptr<Workspace> ws = TestUtils::newWorkspace(dir);
        WorkspaceWriter writer {*ws};
        std::string file;
        std::unique_ptr<ImportInput> input;
        std::unique_ptr<ImportContext> ctx;
        QStringList wheres;
        std::vector<nlohmann::json> values;

        explicit Fixture(const QByteArray &bytes)
            : file(TestUtils::writeTemp(dir, QStringLiteral("t.json"), bytes).toStdString())
            , input(std::make_unique<ImportInput>(file))
            , ctx(std::make_unique<ImportContext>(*input, writer, "t.json", file))
        {
            WorkspaceWriter::SourceInfo info;
            info.path = "t.json";
            info.format = "test";
            info.sha256 = "x";
            writer.beginSource(info);
        }
        int read()
        {
            return JsonDocumentReader::read(*ctx, [this](nlohmann::json &&v, const std::string &where) {
                wheres << QString::fromStdString(where);
                values.push_back(std::move(v));
            });
        }
        // The ImportError message the user sees, or "" when the file read.
        QString error()
        {
            try {
                read();
            } catch (const ImportError &e) {
                return QString::fromStdString(e.describe());
            }
            return QString();
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

private slots:
    void shapes_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QStringList>("wheres");
        QTest::addColumn<QString>("dumped"); // the visited values, one dump per line
        QTest::newRow("pretty object") << QByteArray("\n{\n  \"a\": 1\n}\n") << QStringList {QString()}
                                       << QStringLiteral("{\"a\":1}");
        QTest::newRow("array") << QByteArray("[{\"a\":1},\n {\"a\":2}]") << QStringList {QString()}
                               << QStringLiteral("[{\"a\":1},{\"a\":2}]");
        // One complete line and nothing after it is a document, not one line of JSONL.
        QTest::newRow("single line") << QByteArray("{\"a\":1}\n\n") << QStringList {QString()}
                                     << QStringLiteral("{\"a\":1}");
        // Blank lines still count, so "line 4" is line 4 in an editor.
        const QByteArray lines("\n{\"a\":1}\r\n\n  [2]  \n");
        QTest::newRow("json lines") << lines << QStringList {"line 2", "line 4"} << QStringLiteral("{\"a\":1}\n[2]");
        QTest::newRow("json lines gzip") << gzip(lines) << QStringList {"line 2", "line 4"}
                                         << QStringLiteral("{\"a\":1}\n[2]");
        QTest::newRow("json lines after BOM")
            << QByteArray("\xEF\xBB\xBF{\"a\":1}\n{\"b\":2}") << QStringList {"line 1", "line 2"}
            << QStringLiteral("{\"a\":1}\n{\"b\":2}");
        QTest::newRow("document after BOM")
            << QByteArray("\xEF\xBB\xBF{\"a\":\n1}") << QStringList {QString()} << QStringLiteral("{\"a\":1}");
    }
    void shapes()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QStringList, wheres);
        QFETCH(QString, dumped);
        Fixture f(bytes);
        QCOMPARE(f.read(), int(wheres.size()));
        QCOMPARE(f.wheres, wheres);
        QStringList dumps;
        for (const nlohmann::json &v : f.values)
            dumps << QString::fromStdString(v.dump());
        QCOMPARE(dumps.join(QLatin1Char('\n')), dumped);
        QCOMPARE(f.ctx->warningCount(), 0);
    }

    void documentErrors_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::newRow("no bytes") << QByteArray() << QStringLiteral("the file is empty");
        QTest::newRow("blank lines") << QByteArray("\n \r\n\t") << QStringLiteral("the file is empty");
        QTest::newRow("BOM only") << QByteArray("\xEF\xBB\xBF") << QStringLiteral("the file is empty");
        QTest::newRow("gzip of nothing") << gzip(QByteArray()) << QStringLiteral("the file is empty");
        QTest::newRow("not JSON") << QByteArray("hello") << QStringLiteral("byte 0: not JSON (expected '{' or '[')");
        QTest::newRow("truncated") << QByteArray("{\n  \"a\": [1,\n")
                                   << QStringLiteral("line 3, column 1: invalid JSON: syntax error while parsing value "
                                                     "- unexpected end of input; expected '[', '{', or a literal");
        QTest::newRow("unterminated string")
            << QByteArray("{\n  \"a\": \"x\n}")
            << QStringLiteral(
                   "line 2, column 10: invalid JSON: syntax error while parsing value - invalid string: control "
                   "character U+000A (LF) must be escaped to \\u000A or \\n; last read: '\"x<U+000A>'");
        QTest::newRow("number overflow") << QByteArray("{\n  \"n\": 1e999\n}")
                                         << QStringLiteral(
                                                "line 2, column 8: invalid JSON: number overflow parsing '1e999'");
        QTest::newRow("too deep") << QByteArray(600, '[') + QByteArray(600, ']')
                                  << QStringLiteral("line 1, column 513: JSON nested deeper than 512 levels");
        // No Latin-1 fallback here: the byte must be located, not silently accepted.
        QTest::newRow("latin-1") << QByteArray("{\n\"n\": \"caf\xE9\"}")
                                 << QString::fromUtf8(
                                        "line 2, column 11: invalid JSON: syntax error while parsing value - invalid "
                                        "string: ill-formed UTF-8 byte; last read: '\"caf\xE9\"'");
        // A first line that is not a complete value makes the file one document, so the error
        // is the document's, still at the right line.
        QTest::newRow("broken first line")
            << QByteArray("{\"a\":1,}\n{\"b\":2}\n")
            << QStringLiteral("line 1, column 8: invalid JSON: syntax error while parsing object key - unexpected '}'; "
                              "expected string literal");
    }
    void documentErrors()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        Fixture f(bytes);
        QCOMPARE(f.error(), message);
        QVERIFY(f.wheres.isEmpty());
    }

    void badLinesAreWarnings()
    {
        // In JSON lines one bad record must not cost the file; the warning names the file's line
        // and the column in it (leading blanks counted), not a position inside the line alone.
        Fixture f(QByteArray("{\"a\":1}\n  {\"b\":\n{\"n\":1e999}\n{\"c\":\"caf\xE9\"}\n[3]\n"));
        QCOMPARE(f.read(), 2);
        QCOMPARE(f.wheres, (QStringList {"line 1", "line 5"}));
        const QStringList warnings = f.warnings();
        QCOMPARE(warnings.size(), 3);
        QCOMPARE(warnings[0],
            QStringLiteral(
                "line 2, column 8: invalid JSON: syntax error while parsing value - unexpected end of input; "
                "expected '[', '{', or a literal"));
        QCOMPARE(warnings[1], QStringLiteral("line 3, column 6: invalid JSON: number overflow parsing '1e999'"));
        QVERIFY2(warnings[2].startsWith(QStringLiteral(
                     "line 4, column 11: invalid JSON: syntax error while parsing value - invalid string: ill-formed")),
            qPrintable(warnings[2]));
    }

    void documentOverTheLimit()
    {
        Fixture f(QByteArray("[\"") + QByteArray(3 << 19, 'x') + "\"]");
        f.input->setMaxDocumentBytes(int64_t(1) << 20);
        QCOMPARE(f.error(),
            QStringLiteral("byte 1048576: the document is larger than the limit of 1 MiB; split it or export it as "
                           "JSON lines"));
    }
};

QTEST_GUILESS_MAIN(TstJsonDocumentReader)
#include "tst_jsondocumentreader.moc"
