#pragma once

#include <optional>

#include "maas/common/tls_cert.h"
#include "maas/region/db/pg.h"

namespace maas::region::store {

/// The cluster's API TLS settings (table tls_config).
struct TlsSettings {
    tls::Material material;
    int port = 5443;
};

/// Reads and writes the one tls_config row; every region serves what it holds.
class TlsStore {
  public:
    explicit TlsStore(db::Connection& conn) : conn_(conn) {}

    /// The settings, or nullopt while TLS is off.
    std::optional<TlsSettings> load();
    /// Replaces the settings (TLS on). Call inside a transaction.
    void save(const TlsSettings& settings);
    /// Removes them (TLS off); false when TLS was already off.
    bool clear();

  private:
    db::Connection& conn_;
};

}  // namespace maas::region::store
