// The org file's os-user=: which OS account acts as which login.
#include <gtest/gtest.h>

#include <string>

#include "engine/parse/org_parser.h"

namespace krabuan {
namespace {

std::string OrgWith(const std::string& users) {
  return R"xml(<org office="สพป. ทดสอบ" group="กลุ่มนโยบายและแผน">
  <role id="admin" name="ผู้ดูแลระบบ"/>
  <role id="clerk" name="เจ้าหน้าที่"/>
  <role id="school" name="โรงเรียน"/>
)xml" + users + "</org>\n";
}

TEST(OrgOsUser, AnAccountActsAsTheLoginThatNamesItElseAsTheLoginOfItsName) {
  Result<Org> org = ParseOrg(OrgWith(R"(  <user login="admin" name="A" roles="admin" os-user="somchai"/>
  <user login="p34" name="B" roles="clerk"/>
  <school login="school-01" name="โรงเรียน" os-user="school.one"/>
)"),
                             "org.xml");
  ASSERT_TRUE(org.ok()) << org.status().message();
  ASSERT_NE(org->UserForOsAccount("somchai"), nullptr);
  EXPECT_EQ(org->UserForOsAccount("somchai")->login, "admin");
  EXPECT_EQ(org->UserForOsAccount("p34")->login, "p34");
  EXPECT_EQ(org->UserForOsAccount("school.one")->login, "school-01");
  // A login that names another account is not the account of its own name.
  EXPECT_EQ(org->UserForOsAccount("admin"), nullptr);
  EXPECT_EQ(org->UserForOsAccount("school-01"), nullptr);
  EXPECT_EQ(org->UserForOsAccount("nobody"), nullptr);
  EXPECT_EQ(org->UserForOsAccount(""), nullptr);
}

TEST(OrgOsUser, OneAccountActsAsOneLogin) {
  Result<Org> org = ParseOrg(OrgWith(R"(  <user login="a" name="A" roles="clerk" os-user="somchai"/>
  <user login="b" name="B" roles="clerk" os-user="somchai"/>
)"),
                             "org.xml");
  ASSERT_FALSE(org.ok());
  EXPECT_NE(org.status().message().find("org.xml:6:"), std::string::npos) << org.status().message();
  EXPECT_NE(org.status().message().find("OS account 'somchai' already acts as 'a'"), std::string::npos)
      << org.status().message();
}

TEST(OrgOsUser, AnAccountNamedLikeAnotherLoginIsRefused) {
  Result<Org> org = ParseOrg(OrgWith(R"(  <user login="a" name="A" roles="admin" os-user="b"/>
  <user login="b" name="B" roles="clerk"/>
)"),
                             "org.xml");
  ASSERT_FALSE(org.ok());
  EXPECT_NE(org.status().message().find("OS account 'b' is also the login of 'b'"), std::string::npos)
      << org.status().message();
}

TEST(OrgOsUser, AnAccountNameIsChecked) {
  Result<Org> org = ParseOrg(OrgWith(R"(  <user login="a" name="A" roles="clerk" os-user="Somchai Jaidee"/>
)"),
                             "org.xml");
  ASSERT_FALSE(org.ok());
  EXPECT_NE(org.status().message().find("os-user \"Somchai Jaidee\" is not an OS account name"), std::string::npos)
      << org.status().message();
}

}  // namespace
}  // namespace krabuan
