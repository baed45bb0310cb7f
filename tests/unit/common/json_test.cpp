#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "maas/common/json.h"
#include "maas/common/json_stream.h"
#include "maas/common/json_writer.h"

using namespace maas;

BOOST_AUTO_TEST_SUITE(json_escape)

BOOST_AUTO_TEST_CASE(escapes_quotes_backslashes_and_every_control_character) {
    BOOST_TEST(jsonEscape("a\"b\\c\n\x01") == "a\\\"b\\\\c\\n\\u0001");
    BOOST_TEST(jsonEscape("\r\t\x1f\x7f/\xc3\xa9") == "\\r\\t\\u001f\x7f/\xc3\xa9");
    std::string out = "x";
    appendJsonString(out, std::string_view("q\"\0", 3));
    BOOST_TEST(out == "x\"q\\\"\\u0000\"");
}

BOOST_AUTO_TEST_CASE(every_byte_survives_a_parser_round_trip) {
    std::string all;
    for (int c = 1; c < 0x80; ++c) {
        all.push_back(static_cast<char>(c));
    }
    std::string text = "[";
    appendJsonString(text, all);
    text += "]";
    const auto back = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Array::Ptr>();
    BOOST_TEST(back->getElement<std::string>(0) == all);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(json_text)

BOOST_AUTO_TEST_CASE(writes_what_the_parser_reads_back) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("s", std::string("a\"b\\c\n\x01/é"));
    o->set("n", int64_t{-42});
    o->set("b", true);
    o->set("z", Poco::Dynamic::Var());
    Poco::JSON::Array arr;
    arr.add(1);
    arr.add(std::string("x"));
    o->set("a", arr);
    const auto text = jsonText(o);
    BOOST_TEST(
        text ==
        "{\"a\":[1,\"x\"],\"b\":true,\"n\":-42,\"s\":\"a\\\"b\\\\c\\n\\u0001/é\",\"z\":null}");
    const auto back = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(back->getValue<std::string>("s") == "a\"b\\c\n\x01/é");
}

BOOST_AUTO_TEST_CASE(indented_as_python_json_dumps_indent_4) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("hostname", std::string("rack"));
    Poco::JSON::Array arr;
    arr.add(1);
    o->set("a", arr);
    o->set("e", Poco::JSON::Array());
    o->set("o", Poco::JSON::Object::Ptr(new Poco::JSON::Object));
    BOOST_TEST(jsonTextIndented(o) ==
               "{\n    \"a\": [\n        1\n    ],\n    \"e\": [],\n    \"hostname\": \"rack\",\n"
               "    \"o\": {}\n}");
    Poco::JSON::Array empty;
    BOOST_TEST(jsonTextIndented(empty) == "[]");
}

BOOST_AUTO_TEST_CASE(stream_writes_the_bytes_of_the_tree_writer) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("a", Poco::JSON::Array());
    Poco::JSON::Array nested;
    Poco::JSON::Object::Ptr inner = new Poco::JSON::Object;
    inner->set("k", std::string("q\"\x01"));
    nested.add(inner);
    nested.add(Poco::Dynamic::Var());
    o->set("b", nested);
    o->set("c", Poco::JSON::Object::Ptr(new Poco::JSON::Object));
    o->set("d", static_cast<int64_t>(-7));
    o->set("e", false);
    for (const int indent : {4, -1}) {
        std::string out;
        JsonStream w(out, indent);
        w.beginObject().emptyArray("a");
        w.key("b").beginArray().beginObject().key("k").value("q\"\x01").endObject().null();
        w.endArray();
        w.key("c").beginObject().endObject();
        w.key("d").value(int64_t{-7}).key("e").value(false).endObject();
        BOOST_TEST(out == (indent < 0 ? jsonText(o) : jsonTextIndented(o, indent)));
    }
    std::string top;
    JsonStream(top).beginArray().endArray();
    BOOST_TEST(top == "[]");
    top.clear();
    JsonStream list(top);
    list.beginArray().value(std::optional<std::string>()).raw("{}").value(1).endArray();
    BOOST_TEST(top == "[\n    null,\n    {},\n    1\n]");
}

BOOST_AUTO_TEST_SUITE_END()
