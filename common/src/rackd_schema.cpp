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
        }};
    return schema;
}

}  // namespace maas
