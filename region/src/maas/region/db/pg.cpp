#include "maas/region/db/pg.h"

#include <charconv>

namespace maas::region::db {

bool PgError::isConnectionLost() const {
    return sqlstate_.empty() || sqlstate_.starts_with("08") || sqlstate_.starts_with("57P");
}

std::string_view Result::view(int row, int col) const {
    return {PQgetvalue(res_.get(), row, col),
            static_cast<size_t>(PQgetlength(res_.get(), row, col))};
}

std::optional<std::string> Result::optText(int row, int col) const {
    if (isNull(row, col))
        return std::nullopt;
    return text(row, col);
}

int64_t Result::integer(int row, int col) const {
    const auto v = view(row, col);
    int64_t out = 0;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || ptr != v.data() + v.size())
        throw PgError("column " + std::string(PQfname(res_.get(), col)) + " is not an integer", "");
    return out;
}

std::optional<int64_t> Result::optInteger(int row, int col) const {
    if (isNull(row, col))
        return std::nullopt;
    return integer(row, col);
}

int64_t Result::affected() const {
    const char* n = PQcmdTuples(res_.get());
    return (n && *n) ? std::stoll(n) : 0;
}

std::unique_ptr<Connection> Connection::open(const std::map<std::string, std::string>& params) {
    std::vector<const char*> keys;
    std::vector<const char*> values;
    for (const auto& [k, v] : params) {
        keys.push_back(k.c_str());
        values.push_back(v.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    PGconn* raw = PQconnectdbParams(keys.data(), values.data(), 0);
    std::unique_ptr<Connection> conn(new Connection(raw));
    if (raw)  // NOTICEs (e.g. "already exists, skipping") are not errors; keep stderr clean
        PQsetNoticeProcessor(
            raw, [](void*, const char*) {}, nullptr);
    if (!raw || PQstatus(raw) != CONNECTION_OK) {
        std::string message = raw ? PQerrorMessage(raw) : "out of memory";
        while (!message.empty() && message.back() == '\n')
            message.pop_back();
        throw PgError("cannot connect to PostgreSQL: " + message, "");
    }
    return conn;
}

Result Connection::check(PGresult* res) {
    Result result(res);
    const auto status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return result;
    std::string message = res ? PQresultErrorMessage(res) : PQerrorMessage(conn_.get());
    while (!message.empty() && message.back() == '\n')
        message.pop_back();
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    PgError error(message, state ? state : "");
    if (error.isConnectionLost())
        broken_ = true;
    throw error;
}

Result Connection::exec(const std::string& sql) {
    return check(PQexec(conn_.get(), sql.c_str()));
}

namespace {
std::vector<const char*> rawParams(const Params& params) {
    std::vector<const char*> out;
    out.reserve(params.size());
    for (const auto& p : params)
        out.push_back(p ? p->c_str() : nullptr);
    return out;
}
}  // namespace

Result Connection::exec(const std::string& sql, const Params& params) {
    const auto raw = rawParams(params);
    return check(PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(raw.size()), nullptr,
                              raw.data(), nullptr, nullptr, 0));
}

Result Connection::exec(const Statement& statement, const Params& params) {
    if (!prepared_.contains(statement.name)) {
        check(PQprepare(conn_.get(), statement.name, statement.sql, 0, nullptr));
        prepared_.insert(statement.name);
    }
    const auto raw = rawParams(params);
    return check(PQexecPrepared(conn_.get(), statement.name, static_cast<int>(raw.size()),
                                raw.data(), nullptr, nullptr, 0));
}

Transaction::Transaction(Connection& conn) : conn_(conn) {
    conn_.exec("BEGIN");
}

Transaction::~Transaction() {
    if (done_ || conn_.broken())
        return;
    try {
        conn_.exec("ROLLBACK");
    } catch (const PgError&) {
        conn_.markBroken();  // state unknown: never hand this connection out again
    }
}

void Transaction::commit() {
    conn_.exec("COMMIT");
    done_ = true;
}

}  // namespace maas::region::db
