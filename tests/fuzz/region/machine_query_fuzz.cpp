// Fuzzes `machines read`'s query string (filters and the paging extension) into SQL: any
// input is accepted or refused by field, and request text only ever reaches the SQL as a
// parameter: the WHERE and ORDER clauses hold no quote, semicolon, backslash or comment.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "maas/region/api/node_filter.h"
#include "maas/region/store/node_query.h"

namespace region = maas::region;

namespace {

bool unsafe(const std::string& sql) {
    return sql.find_first_of("'\";\\") != std::string::npos ||
           sql.find("--") != std::string::npos || sql.find("/*") != std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0)
        return 0;
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    region::http::FormParams params;
    try {
        params = region::http::parseUrlEncoded(text);
    } catch (const region::http::FormError&) {
        return 0;
    }
    const region::api::User user{1, "u", "", (data[0] & 1) != 0};
    region::api::FieldErrors errors;
    auto query = region::api::machineQuery(params, user, errors);
    if (!errors.empty())
        return 0;
    if (query.power_rack)  // the action's resolution, with whatever ids the request named
        query.managed_ids = params.getAll("id");
    const auto sql = region::store::nodeFilterSql(query);
    if (unsafe(sql.where) || unsafe(sql.order_by) || unsafe(sql.order_and_slice))
        std::abort();
    // Every placeholder has its parameter.
    if (sql.where.find("$" + std::to_string(sql.params.size() + 1)) != std::string::npos)
        std::abort();
    return 0;
}
