#include "maas/region/worker/worker.h"

#include <unistd.h>

#include <charconv>
#include <ctime>
#include <filesystem>
#include <optional>

#include "maas/common/secret.h"
#include "maas/rpc/dhcp_ha_commands.h"

#include "maas/region/db/migrations.h"
#include "maas/region/dhcp/ha_view_store.h"
#include "maas/region/power/power_actions.h"
#include "maas/rpc/power_commands.h"

namespace maas::region::worker {

namespace {
/// maas_dhcp_generation's payload (migration 0046): a positive integer, nothing else.
std::optional<int64_t> parseGeneration(const std::string& payload) {
    int64_t value = 0;
    const auto [end, error] =
        std::from_chars(payload.data(), payload.data() + payload.size(), value);
    if (error != std::errc() || end != payload.data() + payload.size() || value <= 0)
        return std::nullopt;
    return value;
}
}  // namespace

Worker::Worker(WorkerConfig config, Logger log)
    : config_(std::move(config)),
      log_(std::move(log)),
      pool_([params = config_.db_params] { return db::Connection::open(params); },
            config_.pool_size, config_.pool_timeout),
      rack_pool_([params = config_.db_params] { return db::Connection::open(params); }, 1,
                 config_.pool_timeout),
      list_cache_(config_.api_cache_bytes > 0
                      ? std::make_unique<api::ListCache>(config_.api_cache_bytes)
                      : nullptr),
      dispatcher_(pool_, api::SiteInfo{config_.version, config_.stale_seconds},
                  [] { return static_cast<int64_t>(std::time(nullptr)); }),
      site_(pool_, dispatcher_, metrics_, {config_.hostname, config_.stale_seconds}),
      ui_(pool_, ui::uiOptionsFromEnvironment(), log_),
      leader_([params = config_.db_params] { return db::Connection::open(params); }, log_),
      cluster_files_(config_.secret_file, config_.maas_uuid_file, log_),
      registration_(pool_, log_, config_, [this] { return leader_.leading(); }) {
    if (auto pass = config_.db_params.find("password"); pass != config_.db_params.end())
        log_.addSecret(pass->second);
    ui_.attach(dispatcher_, site_);
    dispatcher_.setListCache(list_cache_.get());
    addListCacheMetrics();
    dispatcher_.addActions([this](api::ActionMap& map) {
        power::registerPowerActions(
            map,
            [this](const std::string& rack, const std::string& command,
                   Poco::JSON::Object::Ptr args, std::chrono::milliseconds timeout) {
                return callRack(rack, command, std::move(args), timeout);
            },
            config_.power_call_timeout);
    });
    // A DHCP change through any region: this worker's racks fetch their configuration now.
    leader_.listen("maas_dhcp_generation", [this](const std::string& payload) {
        auto* server = rpc_server_ready_.load();
        const auto generation = parseGeneration(payload);
        if (server && generation)
            server->announceDhcpGeneration(*generation);
    });
    // A rack deleted through any region: the workers it is connected to stop it now rather
    // than at its next heartbeat.
    leader_.listen("maas_rack_deleted", [this](const std::string& system_id) {
        if (auto* server = rpc_server_ready_.load(); server && !system_id.empty())
            server->stopRack(system_id, "the rack controller was deleted");
    });
    // A region deleted through any region: racks drop its endpoints now, not at their next round.
    leader_.listen("maas_regions_changed", [this](const std::string&) {
        if (auto* server = rpc_server_ready_.load())
            server->announceRegionsChanged();
    });
    // `maas config-tls` through any region: every worker starts, replaces or stops HTTPS now.
    leader_.listen("maas_tls_changed", [this](const std::string&) {
        if (tls_listener_)
            tls_listener_->refresh();
    });
    metrics_.addGauge("maas_db_pool_in_use", "Database connections lent out now.",
                      [this] { return static_cast<double>(pool_.inUse()); });
    metrics_.addGauge("maas_db_connections_held", "PostgreSQL connections this worker holds open.",
                      [this] { return static_cast<double>(pool_.held() + rack_pool_.held()); });
    metrics_.addGauge("maas_db_pool_size", "Most pooled connections this worker may open.",
                      [this] { return static_cast<double>(pool_.maxSize()); });
    const auto& logins = ui_.loginStats();
    metrics_.addCounter("maas_login_failures_total", "Browser logins refused: wrong password.",
                        [&logins] { return static_cast<double>(logins.failed.load()); });
    metrics_.addCounter("maas_login_throttled_total",
                        "Browser logins refused with 429 after repeated failures.",
                        [&logins] { return static_cast<double>(logins.throttled.load()); });
    metrics_.addCounter("maas_login_busy_total",
                        "Browser logins refused with 503: every password-hashing slot was busy.",
                        [&logins] { return static_cast<double>(logins.busy.load()); });
    metrics_.addGauge("maas_singleton_leader",
                      "1 while this worker holds the cluster singleton lock.",
                      [this] { return leader_.leadingGauge(); });
    // DHCP HA per VLAN and rack, from the racks' reports; absent while the database is not.
    metrics_.addCollector([this]() -> std::string {
        try {
            auto conn = pool_.acquireWithin(std::chrono::milliseconds(500));
            return dhcp::haMetricsText(dhcp::loadHaViews(*conn, std::nullopt));
        } catch (const std::exception&) {
            return "";
        }
    });
}

void Worker::addListCacheMetrics() {
    const auto read = [this](auto field) {
        return
            [this, field] { return list_cache_ ? static_cast<double>(field(*list_cache_)) : 0.0; };
    };
    metrics_.addCounter("maas_api_cache_hits_total", "List reads answered from the list cache.",
                        read([](const api::ListCache& c) { return c.hits(); }));
    metrics_.addCounter("maas_api_cache_misses_total",
                        "Cacheable list reads built from the database.",
                        read([](const api::ListCache& c) { return c.misses(); }));
    metrics_.addCounter("maas_api_cache_evictions_total",
                        "List answers dropped to stay within api_cache_mib.",
                        read([](const api::ListCache& c) { return c.evictions(); }));
    metrics_.addGauge("maas_api_cache_bytes", "Bytes of list answers the cache holds.",
                      read([](const api::ListCache& c) { return c.bytes(); }));
    metrics_.addGauge("maas_api_cache_entries", "List answers the cache holds.",
                      read([](const api::ListCache& c) { return c.entries(); }));
    metrics_.addCounter("maas_api_cache_shared_total",
                        "Cache misses answered by a concurrent request's build of the same list.",
                        read([](const api::ListCache& c) { return c.flights().shared(); }));
    metrics_.addGauge("maas_api_cache_waiting",
                      "Requests waiting now for another request's build of the same list.",
                      read([](const api::ListCache& c) { return c.flights().waiting(); }));
}

Worker::~Worker() {
    stop();
}

void Worker::start() {
    {
        auto lease = pool_.acquire();
        try {
            const int applied = db::applyMigrations(*lease, db::embeddedMigrations());
            if (applied > 0)
                log_.log(kMigrationsApplied, "schema migrated",
                         {{"applied", std::to_string(applied)}});
        } catch (const db::SchemaTooNew& e) {
            log_.log(kSchemaTooNew, e.what());
            throw;
        }
        // Tables a migration added after 0115 get the list generation's triggers too; one
        // worker at a time, or two would create the same trigger.
        db::Transaction tx(*lease);
        lease->exec("SELECT pg_advisory_xact_lock(hashtext('api_list_track_all'))");
        lease->exec("SELECT api_list_track_all()");
        tx.commit();
    }
    const auto identity = cluster_files_.load(pool_);
    log_.addSecret(identity.secret.hex());
    site_.setDiscoverySecret(identity.secret.bytes());
    http::Server::Options http_options;
    http_options.address = config_.listen_address;
    http_options.port = config_.http_port;
    server_ = std::make_unique<http::Server>(site_, metrics_, http_options, log_);
    server_->start();
    tls_listener_ = std::make_unique<TlsListener>(pool_, site_, metrics_, http_options, log_);
    tls_listener_->refresh();
    registration_.onHeartbeat([this] {
        cluster_files_.restore();
        tls_listener_->refresh();  // a maas_tls_changed missed while the session was down
    });
    registration_.start();
    leader_.start();
    startRackRpc(identity.secret);
    log_.log(kWorkerServing, "serving",
             {{"address", config_.listen_address}, {"port", std::to_string(server_->port())}});
}

void Worker::startRackRpc(const Secret& secret) {
    rack_directory_ = std::make_unique<rpc::DbRackDirectory>(
        rack_pool_,
        rpc::WorkerIdentity{config_.hostname, static_cast<int>(::getpid()), config_.version,
                            std::chrono::seconds(config_.stale_seconds)});
    rpc::RpcServerOptions options;
    options.address = config_.listen_address;
    options.port = static_cast<uint16_t>(config_.rpc_port);
    options.secret = secret.bytes();
    options.version = config_.version;
    rpc_server_ = std::make_unique<rpc::RpcServer>(options, *rack_directory_, log_);
    dhcp_source_ = std::make_unique<rpc::DbDhcpSource>(rack_pool_);
    rpc_server_->setDhcpSource(dhcp_source_.get());
    rpc_server_->setRequestHandler(
        [this](const maas::rpc::RpcMessage& request,
               const std::string& rack) -> std::optional<maas::rpc::RpcMessage> {
            if (request.command == maas::rpc::command::kDhcpHaStatus)
                return dhcp::storeHaStatus(rack_pool_, request, rack, log_);
            if (request.command != maas::rpc::command::kPowerStateReport)
                return std::nullopt;
            return power::handlePowerReport(rack_pool_, request, rack, log_);
        });
    rpc_server_->start();
    rpc_server_ready_ = rpc_server_.get();
    power::PowerAssigner::Options power_options;
    power_options.poll_interval = config_.power_poll_interval;
    power_assigner_ = std::make_unique<power::PowerAssigner>(
        pool_,
        [this](const std::string& rack, const std::string& command, Poco::JSON::Object::Ptr args,
               std::chrono::milliseconds timeout) {
            return callRack(rack, command, std::move(args), timeout);
        },
        log_, power_options, [this] { return leader_.leading(); });
    power_assigner_->start();
    rack_liveness_ = std::make_unique<rpc::RackLiveness>(
        pool_, log_, std::chrono::seconds(config_.stale_seconds), std::chrono::milliseconds(1000),
        [this] { return leader_.leading(); });
    rack_liveness_->start();
    dhcp::WitnessPolicy witness_policy;
    witness_policy.auto_takeover = config_.dhcp_ha_auto_takeover;
    witness_policy.dead_after_ms = config_.dhcp_ha_dead_after.count() * 1000;
    ha_witness_ = std::make_unique<dhcp::HaWitness>(
        pool_,
        [this](const std::string& rack, const std::string& command, Poco::JSON::Object::Ptr args,
               std::chrono::milliseconds timeout) {
            return callRack(rack, command, std::move(args), timeout);
        },
        log_, witness_policy, [this] { return leader_.leading(); });
    ha_witness_->start();
    health_sweep_ = std::make_unique<notify::HealthSweep>(
        pool_, log_, std::chrono::seconds(config_.stale_seconds),
        [this] { return leader_.leading(); });
    health_sweep_->start();
}

maas::rpc::RpcMessage Worker::callRack(const std::string& rack, const std::string& command,
                                       Poco::JSON::Object::Ptr args,
                                       std::chrono::milliseconds timeout) {
    auto* server = rpc_server_ready_.load();
    if (!server)
        return maas::rpc::RpcMessage::error(0, maas::rpc::code::kNotConnected,
                                            "this region does not accept racks (no shared secret)");
    auto answer = server->call(rack, command, std::move(args), timeout);
    // The server's own deadline answers first; this only guards against a stopped server.
    if (answer.wait_for(timeout + std::chrono::seconds(2)) != std::future_status::ready)
        return maas::rpc::RpcMessage::error(0, maas::rpc::code::kCallTimeout,
                                            "the rack did not answer in time");
    return answer.get();
}

void Worker::stop() {
    if (power_assigner_)
        power_assigner_->stop();
    if (health_sweep_)
        health_sweep_->stop();
    if (ha_witness_)
        ha_witness_->stop();
    if (rack_liveness_)
        rack_liveness_->stop();
    if (rpc_server_)
        rpc_server_->stop();
    leader_.stop();
    registration_.stop();
    if (tls_listener_)
        tls_listener_->stop();
    if (server_)
        server_->stop();
}

}  // namespace maas::region::worker
