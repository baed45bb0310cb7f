#include "maas/region/db/event_log.h"

#include <array>
#include <cctype>
#include <utility>

#include "maas/common/json.h"

namespace maas::region::db {

namespace {

constexpr std::array<std::pair<EventLevel, const char*>, 6> kLevels{{
    {EventLevel::Audit, "AUDIT"},
    {EventLevel::Debug, "DEBUG"},
    {EventLevel::Info, "INFO"},
    {EventLevel::Warning, "WARNING"},
    {EventLevel::Error, "ERROR"},
    {EventLevel::Critical, "CRITICAL"},
}};

/// A JSON array of strings, for `jsonb ? value` membership tests in one prepared statement.
std::string jsonArray(const std::vector<std::string>& values) {
    std::string out = "[";
    for (size_t i = 0; i < values.size(); ++i) {
        if (i)
            out += ",";
        appendJsonString(out, values[i]);
    }
    return out + "]";
}

std::optional<std::string> optNum(const std::optional<int64_t>& v) {
    if (!v)
        return std::nullopt;
    return std::to_string(*v);
}

}  // namespace

const char* levelName(EventLevel level) {
    for (const auto& [l, name] : kLevels)
        if (l == level)
            return name;
    return "INFO";
}

std::optional<EventLevel> parseLevel(const std::string& name) {
    for (const auto& [l, n] : kLevels)
        if (name == n)
            return l;
    return std::nullopt;
}

void recordEvent(Connection& conn, const NewEvent& e) {
    static const Statement kInsert{
        "event_record",
        "INSERT INTO events (type_name, type_description, level, node_id, node_system_id,"
        " hostname, username, ip_address, description)"
        " VALUES ($1, $2, $3, (SELECT id FROM nodes WHERE system_id = $4), $4, $5, $6, $7, $8)"};
    conn.exec(kInsert,
              {e.type.name, e.type.description, std::to_string(static_cast<int>(e.type.level)),
               e.node_system_id, e.hostname, e.username, e.ip_address, e.description});
}

std::vector<EventRow> queryEvents(Connection& conn, const EventQuery& q) {
    // AUDIT asks for audit records only; any other level for that level and above (MAAS).
    // `after` reads oldest first from there and is turned newest first below.
    static const Statement kQuery{
        "event_query",
        "SELECT * FROM (SELECT e.id, e.username, e.node_system_id, e.hostname, e.level,"
        " to_char(e.created AT TIME ZONE 'UTC', 'Dy, DD Mon. YYYY HH24:MI:SS'),"
        " e.type_description, e.description FROM events e LEFT JOIN nodes n ON n.id = e.node_id"
        " WHERE (CASE WHEN $1::int = 0 THEN e.level = 0 ELSE e.level >= $1::int END)"
        " AND ($2::text IS NULL OR e.username = $2)"
        " AND ($3::bigint IS NULL OR e.id < $3::bigint)"
        " AND ($4::bigint IS NULL OR e.id > $4::bigint)"
        " AND (NOT $5::boolean OR (n.id IS NOT NULL AND NOT $6::boolean"
        "  AND ($7::jsonb = '[]' OR $7::jsonb ? n.hostname)"
        "  AND ($8::jsonb = '[]' OR $8::jsonb ? n.system_id)"
        "  AND ($9::jsonb = '[]' OR EXISTS (SELECT 1 FROM interfaces i WHERE i.node_id = n.id"
        "   AND $9::jsonb ? lower(i.mac_address)))"
        "  AND ($12::jsonb = '[]' OR $12::jsonb ? (SELECT z.name FROM zones z"
        "   WHERE z.id = n.zone_id))))"
        " AND ($11::text IS NULL OR e.username = $11 OR (n.id IS NOT NULL AND (n.node_type <> 0"
        "  OR n.owner_id IS NULL OR n.owner_id = (SELECT id FROM users WHERE username = $11))))"
        " ORDER BY CASE WHEN $4::bigint IS NULL THEN -e.id ELSE e.id END LIMIT $10::int) page"
        " ORDER BY id DESC"};
    std::vector<std::string> macs;
    for (auto m : q.mac_addresses) {
        for (auto& c : m)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        macs.push_back(std::move(m));
    }
    const auto r =
        conn.exec(kQuery, {std::to_string(static_cast<int>(q.level)), q.owner, optNum(q.before),
                           optNum(q.after), q.node_filtered ? "true" : "false",
                           q.no_node_matches ? "true" : "false", jsonArray(q.hostnames),
                           jsonArray(q.system_ids), jsonArray(macs), std::to_string(q.limit),
                           q.visible_to, jsonArray(q.zones)});
    std::vector<EventRow> out;
    for (int i = 0; i < r.rows(); ++i) {
        EventRow e;
        e.id = r.integer(i, 0);
        e.username = r.text(i, 1);
        e.node = r.optText(i, 2);
        e.hostname = r.text(i, 3);
        e.level = static_cast<EventLevel>(r.integer(i, 4));
        e.created = r.text(i, 5);
        e.type = r.text(i, 6);
        e.description = r.text(i, 7);
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace maas::region::db
