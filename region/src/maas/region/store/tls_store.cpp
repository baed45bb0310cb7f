#include "maas/region/store/tls_store.h"

namespace maas::region::store {

std::optional<TlsSettings> TlsStore::load() {
    static const db::Statement kLoad{"tls_config_load",
                                     "SELECT key_pem, cert_pem, cacert_pem, port FROM tls_config"};
    const auto row = conn_.exec(kLoad, {});
    if (row.rows() == 0)
        return std::nullopt;
    return TlsSettings{{row.text(0, 0), row.text(0, 1), row.text(0, 2)},
                       static_cast<int>(row.integer(0, 3))};
}

void TlsStore::save(const TlsSettings& s) {
    static const db::Statement kSave{
        "tls_config_save",
        "INSERT INTO tls_config (key_pem, cert_pem, cacert_pem, port) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (id) DO UPDATE SET key_pem = excluded.key_pem, cert_pem = "
        "excluded.cert_pem, cacert_pem = excluded.cacert_pem, port = excluded.port, "
        "updated = now()"};
    conn_.exec(kSave, {s.material.key_pem, s.material.cert_pem, s.material.cacert_pem,
                       std::to_string(s.port)});
}

bool TlsStore::clear() {
    static const db::Statement kClear{"tls_config_clear", "DELETE FROM tls_config"};
    return conn_.exec(kClear, {}).affected() > 0;
}

}  // namespace maas::region::store
