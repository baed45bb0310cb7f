#include "maas/region/worker/worker.h"

#include <unistd.h>

#include <ctime>
#include <filesystem>

#include "maas/common/secret.h"

#include "maas/region/db/migrations.h"

namespace maas::region::worker {

Worker::Worker(WorkerConfig config, Logger log)
    : config_(std::move(config)),
      log_(std::move(log)),
      pool_([params = config_.db_params] { return db::Connection::open(params); },
            config_.pool_size, config_.pool_timeout),
      dispatcher_(pool_, api::SiteInfo{config_.version, config_.stale_seconds},
                  [] { return static_cast<int64_t>(std::time(nullptr)); }),
      site_(pool_, dispatcher_, metrics_, {config_.hostname, config_.stale_seconds}),
      ui_(pool_, ui::uiOptionsFromEnvironment()),
      leader_([params = config_.db_params] { return db::Connection::open(params); }, log_),
      registration_(pool_, log_, config_, [this] { return leader_.leading(); }) {
    if (auto pass = config_.db_params.find("password"); pass != config_.db_params.end())
        log_.addSecret(pass->second);
    ui_.attach(dispatcher_, site_);
    metrics_.addGauge("maas_db_pool_in_use", "Database connections lent out now.",
                      [this] { return static_cast<double>(pool_.inUse()); });
    metrics_.addGauge("maas_db_connections_held", "PostgreSQL connections this worker holds open.",
                      [this] { return static_cast<double>(pool_.held()); });
    metrics_.addGauge("maas_db_pool_size", "Most pooled connections this worker may open.",
                      [this] { return static_cast<double>(pool_.maxSize()); });
    metrics_.addGauge("maas_singleton_leader",
                      "1 while this worker holds the cluster singleton lock.",
                      [this] { return leader_.leadingGauge(); });
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
    }
    server_ = std::make_unique<http::Server>(
        site_, metrics_, http::Server::Options{config_.listen_address, config_.http_port});
    server_->start();
    registration_.start();
    leader_.start();
    startRackRpc();
    log_.log(kWorkerServing, "serving",
             {{"address", config_.listen_address}, {"port", std::to_string(server_->port())}});
}

void Worker::startRackRpc() {
    if (config_.secret_file.empty() || !std::filesystem::exists(config_.secret_file)) {
        log_.log(kRackRpcDisabled, "no secret at " + config_.secret_file.string());
        return;
    }
    const auto secret = Secret::readFile(config_.secret_file);
    rack_directory_ = std::make_unique<rpc::DbRackDirectory>(
        pool_, rpc::WorkerIdentity{config_.hostname, static_cast<int>(::getpid()), config_.version,
                                   std::chrono::seconds(config_.stale_seconds)});
    rpc::RpcServerOptions options;
    options.address = config_.listen_address;
    options.port = static_cast<uint16_t>(config_.rpc_port);
    options.secret = secret.bytes();
    options.version = config_.version;
    rpc_server_ = std::make_unique<rpc::RpcServer>(options, *rack_directory_, log_);
    dhcp_source_ = std::make_unique<rpc::DbDhcpSource>(pool_);
    rpc_server_->setDhcpSource(dhcp_source_.get());
    rpc_server_->start();
    rack_liveness_ = std::make_unique<rpc::RackLiveness>(
        pool_, log_, std::chrono::seconds(config_.stale_seconds), std::chrono::milliseconds(1000),
        [this] { return leader_.leading(); });
    rack_liveness_->start();
}

void Worker::stop() {
    if (rack_liveness_)
        rack_liveness_->stop();
    if (rpc_server_)
        rpc_server_->stop();
    leader_.stop();
    registration_.stop();
    if (server_)
        server_->stop();
}

}  // namespace maas::region::worker
