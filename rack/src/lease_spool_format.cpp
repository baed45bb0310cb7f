#include "maas/rack/lease_spool_format.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <stdexcept>

#include "maas/common/lease_event_wire.h"

namespace maas::rack {

namespace {

constexpr std::string_view kVersion = "1";
constexpr size_t kMaxRecord = 1024;  // a longer line is no record this writer made

uint32_t fnv1a(std::string_view data) {
    uint32_t hash = 2166136261u;
    for (unsigned char c : data) {
        hash ^= c;
        hash *= 16777619u;
    }
    return hash;
}

std::string withCheck(std::string body) {
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", fnv1a(body));
    return body + " " + hex + "\n";
}

bool plainField(std::string_view value) {
    if (value.empty())
        return false;
    for (unsigned char c : value)
        if (c <= 0x20 || c == 0x7f)
            return false;
    return true;
}

std::vector<std::string_view> split(std::string_view line) {
    std::vector<std::string_view> out;
    while (true) {
        const auto space = line.find(' ');
        out.push_back(line.substr(0, space));
        if (space == std::string_view::npos)
            return out;
        line.remove_prefix(space + 1);
    }
}

template <typename T>
bool toNumber(std::string_view text, T& out) {
    if (text.empty() || text.size() > 19 || (text.size() > 1 && text[0] == '0'))
        return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

/// The record's fields without its check, or empty when the check does not match.
std::vector<std::string_view> checkedFields(std::string_view line) {
    const auto space = line.rfind(' ');
    if (space == std::string_view::npos || line.size() - space - 1 != 8)
        return {};
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", fnv1a(line.substr(0, space)));
    if (line.substr(space + 1) != hex)
        return {};
    return split(line.substr(0, space));
}

bool knownAction(std::string_view action) {
    return action == "commit" || action == "release" || action == "decline" || action == "expire";
}

/// Applies one record to `contents`; "" on success, else why it is refused.
std::string applyRecord(SpoolContents& contents, std::string_view line, size_t max_pending) {
    const auto fields = checkedFields(line);
    if (fields.empty())
        return "record fails its check";
    uint64_t seq = 0;
    if (fields.size() < 2 || !toNumber(fields[1], seq) || seq == 0)
        return "record without a sequence number";
    ++contents.records;
    if (fields[0] == "h" && fields.size() == 3) {
        if (!maas::validLeaseHookId(fields[2]))
            return "malformed hook mark";
        noteHookMark(contents.hook_marks, contents.hook_seen, contents.records,
                     std::string(fields[2]), seq);
        return "";
    }
    if (fields[0] == "a" && fields.size() == 2) {
        // A compacted spool starts with the acknowledgement of events it no longer holds.
        contents.last_seq = std::max(contents.last_seq, seq);
        markDone(contents, seq);
        return "";
    }
    if (fields[0] != "e" || fields.size() != 7)
        return "unknown record";
    for (size_t i = 2; i < fields.size(); ++i)
        if (!plainField(fields[i]))
            return "malformed lease event";
    if (seq <= contents.last_seq)
        return "sequence number out of order";
    SpooledEvent item;
    item.seq = seq;
    item.event.action = std::string(fields[2]);
    item.event.ip = std::string(fields[3]);
    item.event.mac = std::string(fields[4]);
    item.event.hostname = fields[5] == "-" ? "" : std::string(fields[5]);
    if (!knownAction(item.event.action) || !toNumber(fields[6], item.event.expires) ||
        item.event.expires < 0)
        return "malformed lease event";
    contents.last_seq = seq;
    contents.pending.push_back(std::move(item));
    if (contents.pending.size() > max_pending) {
        contents.done_through = contents.pending.front().seq;
        contents.pending.pop_front();
        ++contents.dropped_for_bound;
    }
    return "";
}

}  // namespace

bool validSpoolId(std::string_view id) {
    if (id.empty() || id.size() > 64)
        return false;
    for (char c : id)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

std::string encodeSpoolHeader(std::string_view spool_id) {
    if (!validSpoolId(spool_id))
        throw std::invalid_argument("spool id: must be 1-64 characters of 0-9a-f");
    return std::string(kSpoolMagic) + " " + std::string(kVersion) + " " + std::string(spool_id) +
           "\n";
}

std::string encodeSpoolEvent(uint64_t seq, const maas::rpc::LeaseEvent& e) {
    const std::string hostname = e.hostname.empty() ? "-" : e.hostname;
    const std::pair<const char*, const std::string*> fields[] = {
        {"action", &e.action}, {"ip", &e.ip}, {"mac", &e.mac}, {"hostname", &hostname}};
    for (const auto& [name, value] : fields)
        if (!plainField(*value))
            throw std::invalid_argument(std::string("lease event: ") + name +
                                        ": empty or holds whitespace or control characters");
    if (e.expires < 0)
        throw std::invalid_argument("lease event: expires: negative");
    return withCheck("e " + std::to_string(seq) + " " + e.action + " " + e.ip + " " + e.mac + " " +
                     hostname + " " + std::to_string(e.expires));
}

std::string encodeSpoolDone(uint64_t seq) {
    return withCheck("a " + std::to_string(seq));
}

std::string encodeSpoolHookMark(uint64_t seq, std::string_view hook) {
    if (seq == 0 || !maas::validLeaseHookId(hook))
        throw std::invalid_argument("hook mark: seq 0 or hook id not 1-32 of 0-9a-f");
    return withCheck("h " + std::to_string(seq) + " " + std::string(hook));
}

std::string encodeSpoolHookMarks(const SpoolContents& contents) {
    // Oldest seen first, so a reader's eviction order stays the same.
    std::vector<std::pair<uint64_t, std::string>> by_age;
    for (const auto& [hook, seen] : contents.hook_seen)
        by_age.emplace_back(seen, hook);
    std::sort(by_age.begin(), by_age.end());
    std::string out;
    for (const auto& [seen, hook] : by_age)
        out += encodeSpoolHookMark(contents.hook_marks.at(hook), hook);
    return out;
}

void noteHookMark(HookMarks& marks, std::map<std::string, uint64_t>& last_seen, uint64_t order,
                  const std::string& hook, uint64_t seq) {
    auto& mark = marks[hook];
    mark = std::max(mark, seq);
    last_seen[hook] = order;
    if (marks.size() <= kMaxHookMarks)
        return;
    const auto oldest =
        std::min_element(last_seen.begin(), last_seen.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    marks.erase(oldest->first);
    last_seen.erase(oldest);
}

bool markDone(SpoolContents& contents, uint64_t seq) {
    if (seq > contents.last_seq)
        return false;
    while (!contents.pending.empty() && contents.pending.front().seq <= seq)
        contents.pending.pop_front();
    contents.done_through = std::max(contents.done_through, seq);
    return true;
}

SpoolContents readSpool(std::string_view data, size_t max_pending) {
    SpoolContents contents;
    if (data.empty())
        return contents;
    size_t offset = 0;
    while (offset < data.size()) {
        const auto rest = data.substr(offset);
        const auto nl = rest.substr(0, kMaxRecord + 1).find('\n');
        if (nl == std::string_view::npos) {
            contents.problem = rest.size() > kMaxRecord
                                   ? "record longer than " + std::to_string(kMaxRecord) + " bytes"
                                   : "last record cut short";
            break;
        }
        const auto line = rest.substr(0, nl);
        if (offset == 0) {
            const auto fields = split(line);
            if (fields.size() != 3 || fields[0] != kSpoolMagic || fields[1] != kVersion ||
                !validSpoolId(fields[2])) {
                contents.problem = "not a lease spool (version " + std::string(kVersion) + ")";
                break;
            }
            contents.spool_id = std::string(fields[2]);
        } else if (auto why = applyRecord(contents, line, max_pending); !why.empty()) {
            contents.problem = std::move(why);
            break;
        }
        offset += nl + 1;
        contents.valid_bytes = offset;
    }
    return contents;
}

}  // namespace maas::rack
