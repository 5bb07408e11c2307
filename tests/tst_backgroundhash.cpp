// BackgroundHash: the digest an import stores decides whether a later import of the same file
// is a no-op, so it must be the file's SHA-256 whichever way it was taken.
#include "BackgroundHash.h"

#include <QtTest>

class TstBackgroundHash : public QObject
{
    Q_OBJECT

    static QString writeFile(const QTemporaryDir &dir, const QByteArray &content)
    {
        const QString path = dir.filePath(QStringLiteral("f.bin"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            return {};
        return path;
    }

private slots:
    void digestOfKnownContent()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, "abc");
        QVERIFY(!path.isEmpty());
        const std::string expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        QCOMPARE(BackgroundHash::sha256Of(path).toStdString(), expected);
        BackgroundHash hash(path);
        QCOMPARE(hash.result(), expected);
        QCOMPARE(hash.result(), expected); // asking twice gives the same answer
    }

    void largerThanOneReadMatchesQt()
    {
        // Several of the 1 MB reads, with a tail: compared with Qt's own SHA-256.
        QTemporaryDir dir;
        QByteArray content;
        for (int i = 0; i < (3 << 20) + 12345; ++i)
            content.append(char(i * 31 + (i >> 9)));
        const QString path = writeFile(dir, content);
        QVERIFY(!path.isEmpty());
        const QByteArray expected = QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex();
        BackgroundHash hash(path);
        QCOMPARE(QByteArray::fromStdString(hash.result()), expected);
    }

    void unreadableFileHasNoDigest()
    {
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("missing"));
        QCOMPARE(BackgroundHash::sha256Of(missing), QString());
        BackgroundHash hash(missing);
        QCOMPARE(hash.result(), std::string());
    }

    void stopEndsTheHashWithoutADigest()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QByteArray(1 << 20, 'x'));
        const std::atomic_bool stop {true};
        QCOMPARE(BackgroundHash::sha256Of(path, &stop), QString());
        // Dropped unasked (an import that failed): the thread is stopped and joined.
        {
            BackgroundHash hash(path);
        }
    }
};

QTEST_GUILESS_MAIN(TstBackgroundHash)
#include "tst_backgroundhash.moc"
