#include "maas/common/config_schemas.h"

namespace maas {

const SettingsSchema& rackdSchema() {
    static const SettingsSchema schema{
        "rackd.conf",
        {
            {"maas_url", SettingType::StringList,
             std::vector<std::string>{"http://localhost:5240/MAAS"},
             "Region URL or list of URLs to discover region endpoints from.", httpUrl(), false,
             /*accepts_single=*/true},
            {"debug", SettingType::Boolean, false, "Verbose logging."},
            {"power_workers", SettingType::Integer, int64_t{16},
             "BMC calls (power commands and polls) this rack runs at once.", intRange(1, 256)},
            {"power_timeout", SettingType::Integer, int64_t{20},
             "Seconds one BMC call (ipmitool run, webhook request) may take.", intRange(1, 120)},
        }};
    return schema;
}

}  // namespace maas
