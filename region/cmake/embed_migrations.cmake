# Writes OUT: a C++ source defining maas::region::db::embeddedMigrations() from the numbered
# SQL files in DIR, so the binary carries its schema and needs no data files at run time.
file(GLOB files ${DIR}/[0-9][0-9][0-9][0-9]_*.sql)
list(SORT files)
set(body "")
foreach(f ${files})
    get_filename_component(name ${f} NAME_WE)
    string(SUBSTRING ${name} 0 4 number)
    string(REGEX REPLACE "^0+" "" number "${number}")
    file(READ ${f} sql)
    string(APPEND body "        {${number}, \"${name}\", R\"maas_sql(${sql})maas_sql\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from region/migrations/*.sql by embed_migrations.cmake.
#include \"maas/region/db/migrations.h\"

namespace maas::region::db {

const std::vector<Migration>& embeddedMigrations() {
    static const std::vector<Migration> migrations{
${body}    };
    return migrations;
}

}  // namespace maas::region::db
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
