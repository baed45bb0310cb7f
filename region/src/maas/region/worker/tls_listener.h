#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "maas/common/log.h"
#include "maas/region/db/pool.h"
#include "maas/region/http/server.h"
#include "maas/region/http/site.h"
#include "maas/region/store/tls_store.h"

namespace maas::region::worker {

inline constexpr MessageId kTlsServing{
    "REGION_TLS_SERVING", Severity::Info,
    "The worker serves the API and UI over HTTPS with the cluster's certificate."};
inline constexpr MessageId kTlsStopped{"REGION_TLS_STOPPED", Severity::Info,
                                       "TLS was disabled: the HTTPS listener is closed."};
inline constexpr MessageId kTlsFailed{
    "REGION_TLS_FAILED", Severity::Error,
    "The stored TLS settings cannot be served (bad certificate, or the port stayed in use "
    "through every retry); HTTP goes on."};
inline constexpr MessageId kTlsPortBusy{
    "REGION_TLS_PORT_BUSY", Severity::Error,
    "Another program holds the HTTPS port; the worker retries at every heartbeat, a bounded "
    "number of times."};

/// Binding a port another program holds is retried at this many refreshes (one a heartbeat,
/// every 5 s: two minutes) before the worker gives up on those settings.
inline constexpr int kTlsPortAttempts = 24;

/// The HTTPS listener's lifecycle, one step per refresh (pure, unit-tested):
///
/// | now \ stored                 | none  | same as served  | different (or new) |
/// |------------------------------|-------|-----------------|--------------------|
/// | off                          | keep  | -               | start              |
/// | serving                      | stop  | keep            | replace            |
/// | retrying (port in use)       | clear | start (again)   | start              |
/// | failed (for a setting)       | clear | keep (no retry) | start              |
///
/// A start that finds the port in use goes to retrying until kTlsPortAttempts starts failed,
/// then to failed; any other failure (a bad certificate) goes to failed at once.
enum class TlsState { Off, Serving, Retrying, Failed };
enum class TlsStep { Keep, Start, Replace, Stop, Clear };
TlsStep tlsStep(TlsState state, const std::optional<std::string>& stored,
                const std::string& current);

/// A fingerprint of settings: equal settings, equal text (no key material kept in clear).
std::string tlsFingerprint(const store::TlsSettings& settings);

/// Serves HTTPS on the port `maas config-tls enable` stored, beside the plain HTTP server.
/// refresh() (at start, on maas_tls_changed, and every heartbeat) brings the listener in line
/// with the database: started, replaced by one with the new certificate or port, or stopped.
class TlsListener {
  public:
    TlsListener(db::Pool& pool, http::Site& site, http::Metrics& metrics,
                http::Server::Options plain_options, const Logger& log);
    ~TlsListener();

    void refresh();
    void stop();
    /// The bound HTTPS port, 0 while off.
    int port() const;

  private:
    void apply(TlsStep step, const std::optional<store::TlsSettings>& stored,
               const std::string& fingerprint);
    /// A start failed: retrying while the port is in use and attempts are left, else failed.
    void failed(bool port_in_use, const std::string& why, int port);

    db::Pool& pool_;
    http::Site& site_;
    http::Metrics& metrics_;
    http::Server::Options plain_options_;
    const Logger& log_;
    mutable std::mutex mutex_;
    TlsState state_ = TlsState::Off;
    std::string fingerprint_;  ///< of what is served, or what failed
    int port_attempts_ = 0;    ///< starts of fingerprint_ that found the port in use
    std::unique_ptr<http::Server> server_;
};

}  // namespace maas::region::worker
