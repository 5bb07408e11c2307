#include "ImportError.h"
#include "ImportInput.h"
#include "TestUtils.h"

#include <QtTest>

#include <zlib.h>

using namespace TestUtils;

namespace {
QByteArray gzip(const QByteArray &data)
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
} // namespace

class TstImportInput : public QObject
{
    Q_OBJECT

private slots:
    void readsLinesWithCrlfAndNoFinalNewline()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.jsonl"));
        writeFile(path, "one\r\ntwo\n\nthree");
        ImportInput in(path.toStdString());
        std::string line;
        QStringList lines;
        while (in.readLine(line))
            lines << QString::fromStdString(line);
        QCOMPARE(
            lines, QStringList({QStringLiteral("one"), QStringLiteral("two"), QString(), QStringLiteral("three")}));
        QCOMPARE(in.lineNumber(), 4);
        QVERIFY(!in.isCompressed());
    }

    void readsGzipTransparently()
    {
        QTemporaryDir dir;
        QByteArray text;
        for (int i = 0; i < 50000; ++i)
            text += "{\"n\":" + QByteArray::number(i) + "}\n";
        const QString path = dir.filePath(QStringLiteral("a.jsonl.gz"));
        writeFile(path, gzip(text));
        ImportInput in(path.toStdString());
        QVERIFY(in.isCompressed());
        std::string line, last;
        int count = 0;
        while (in.readLine(line)) {
            ++count;
            last = line;
        }
        QCOMPARE(count, 50000);
        QCOMPARE(QString::fromStdString(last), QStringLiteral("{\"n\":49999}"));
        QCOMPARE(QByteArray::fromStdString(ImportInput::head(path.toStdString(), 6)), QByteArray("{\"n\":0"));
    }

    void truncatedGzipIsAnError()
    {
        QTemporaryDir dir;
        QByteArray text;
        for (int i = 0; i < 20000; ++i)
            text += "line " + QByteArray::number(i * 7919) + "\n";
        QByteArray gz = gzip(text);
        gz.truncate(gz.size() / 2);
        const QString path = dir.filePath(QStringLiteral("cut.gz"));
        writeFile(path, gz);
        ImportInput in(path.toStdString());
        bool threw = false;
        try {
            std::string line;
            while (in.readLine(line)) { }
        } catch (const ImportError &e) {
            threw = true;
            QVERIFY2(QString::fromStdString(e.describe()).contains(QStringLiteral("truncated")), e.what());
        }
        QVERIFY(threw);
    }

    void overlongLineIsRefusedWithItsNumber()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("long.jsonl"));
        writeFile(path, "short\n" + QByteArray(3 << 20, 'x') + "\nafter\n");
        ImportInput in(path.toStdString());
        in.setMaxRecordBytes(1 << 20);
        std::string line;
        QVERIFY(in.readLine(line));
        try {
            in.readLine(line);
            QFAIL("an over-long line must be refused");
        } catch (const ImportError &e) {
            QCOMPARE(QString::fromStdString(e.where()), QStringLiteral("line 2"));
        }
    }

    void documentLimit()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.json"));
        writeFile(path, QByteArray(3 << 20, ' '));
        ImportInput in(path.toStdString());
        in.setMaxDocumentBytes(1 << 20);
        QVERIFY_THROWS_EXCEPTION(ImportError, in.readAll());
    }

    void cancelStopsReading()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.txt"));
        writeFile(path, QByteArray(4 << 20, '\n'));
        std::atomic_bool cancel {true};
        ImportInput in(path.toStdString());
        in.setCancelFlag(&cancel);
        std::string line;
        QVERIFY_THROWS_EXCEPTION(ImportCancelled, in.readLine(line));
    }

    void missingFileAndFolder()
    {
        QTemporaryDir dir;
        QVERIFY_THROWS_EXCEPTION(ImportError, ImportInput(dir.filePath(QStringLiteral("nope")).toStdString()));
        QVERIFY_THROWS_EXCEPTION(ImportError, ImportInput(dir.path().toStdString()));
    }
};

QTEST_GUILESS_MAIN(TstImportInput)
#include "tst_importinput.moc"
