#pragma once
#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// A span's attributes as SemanticMapper reads them and the item's attrs JSON stores them:
// key → value, sorted by key, the last of a repeated key winning, as an nlohmann object would
// hold them.
//
// Built over an nlohmann object (what most importers have), it only points into it. Built
// from OTLP key-values on simdjson's DOM, it keeps each key and string value where simdjson
// parsed it and makes an nlohmann value only for a string that is looked up: building, walking
// and freeing an nlohmann map per span was a third of the OTLP parsing thread. Views into a
// simdjson document are valid while the parser holds that document, so such a set is used and
// cleared before the next line is parsed.
class AttributeSet
{
public:
    AttributeSet() = default;
    explicit AttributeSet(const nlohmann::json &object) { assign(object); }
    AttributeSet(const AttributeSet &) = delete;
    AttributeSet &operator=(const AttributeSet &) = delete;

    // The members of an nlohmann object (nothing for any other value).
    void assign(const nlohmann::json &object);
    // OTLP attributes: `[{"key": k, "value": AnyValue}]`, or a plain `{k: value}` map, decoded
    // as OtlpSimdJson::takeKeyValues would (anything else: no attributes).
    void assignOtlp(simdjson::dom::element list);
    void clear();

    size_t size() const { return m_entries.size(); }
    bool empty() const { return m_entries.empty(); }
    std::string_view key(size_t i) const { return m_entries[i].key; }
    // The value as an nlohmann value, made on first use; its address is stable until clear().
    const nlohmann::json &value(size_t i) const;
    // The value made so far, or nullptr for a string never asked for (see text()).
    const nlohmann::json *valueIfMade(size_t i) const { return m_entries[i].value; }
    // A string value still held as text, without making an nlohmann value.
    bool isText(size_t i) const { return m_entries[i].isText; }
    std::string_view text(size_t i) const { return m_entries[i].text; }
    bool isNull(size_t i) const { return !m_entries[i].isText && m_entries[i].value->is_null(); }

    static constexpr size_t npos = size_t(-1);
    // The entry of `key`, or npos when it is absent or null.
    size_t indexOf(std::string_view key) const;
    // The value of `key`, or nullptr when it is absent or null.
    const nlohmann::json *get(std::string_view key) const
    {
        const size_t i = indexOf(key);
        return i == npos ? nullptr : &value(i);
    }
    // The first entry whose key is not less than `prefix`: keys with a prefix are one run from it.
    size_t lowerBound(std::string_view prefix) const;

    // `{"key":value,…}`: the bytes JsonText::append writes for the equivalent nlohmann object.
    void appendJson(std::string &out) const;

    // The hash keys are indexed by (attribute keys are long and share prefixes).
    static uint64_t hashKey(std::string_view key);

private:
    struct Entry
    {
        std::string_view key;
        std::string_view text; // the value while isText
        mutable const nlohmann::json *value = nullptr;
        bool isText = false;
        uint32_t order = 0; // position in the source, for the last of a repeated key to win
    };
    void reserve(size_t members);
    void addJson(std::string_view key, nlohmann::json value);
    void addText(std::string_view key, std::string_view text);
    void finishOtlp();
    void buildIndex();
    size_t slotOf(std::string_view key) const;

    std::vector<Entry> m_entries;
    // Values decoded or made here; reserved up front, so the pointers into it stay valid.
    mutable std::vector<nlohmann::json> m_made;
    // Open-addressed over the keys of non-null values: ~80 candidate keys are probed per span
    // and most are absent, so a miss must cost a hash and a compare or two.
    std::vector<uint32_t> m_slots; // entry index + 1; 0 is empty
    uint64_t m_lengths = 0; // bit (length % 64) set for the length of every indexed key
    size_t m_mask = 0;
    int m_shift = 60;
};
