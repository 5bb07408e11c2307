#pragma once
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <map>
#include <vector>

class SqliteDatabase;

// Replaces personal data and secrets with placeholders — the same value always with the same
// placeholder (<email-1>), so joins on a redacted value still read. Built in: emails, phone
// numbers, card numbers (Luhn-checked), IBANs (mod-97-checked), API keys and bearer tokens;
// plus the user's own regular expressions.
class Redactor
{
public:
    // Throws std::invalid_argument naming the pattern when one does not compile.
    explicit Redactor(const QStringList &userPatterns = {});

    QString redact(const QString &text);
    std::string redact(const std::string &text);

    // Every text column of every workspace table, the fts index rebuilt from the result.
    // The caller owns the transaction and the VACUUM that drops the old pages.
    void redactWorkspace(SqliteDatabase &db);

    struct KindCount
    {
        int occurrences = 0;
        int distinctValues = 0;
    };
    const std::map<QString, KindCount> &counts() const { return m_counts; }
    int totalOccurrences() const;
    // "email: 4 replacements of 2 values" lines, and the same as a JSON object.
    QString reportText() const;
    QString reportJson() const;

private:
    struct Rule
    {
        QString kind;
        QRegularExpression re;
        int group = 0; // the captured part that is replaced (the token after "Bearer ")
        bool (*valid)(const QString &) = nullptr;
        QString (*normalize)(const QString &) = nullptr; // equal values spelled differently
    };
    QString placeholder(const Rule &rule, const QString &value);

    std::vector<Rule> m_rules;
    std::map<QString, QString> m_mapping; // kind + '\0' + normalized value → placeholder
    std::map<QString, KindCount> m_counts;
};
