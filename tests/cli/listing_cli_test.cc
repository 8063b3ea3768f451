// Every listing shows a page: --limit N rows, then a line saying how many more there
// are; --json gives the total and how many are not shown beside the rows.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_fixture.h"

namespace krabuan::clitest {
namespace {

class CliListing : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    // Three budget requests, each resting at its first step: budget-analyst's (p33 holds
    // the role), due 30 ก.ย. 2568.
    for (int i = 0; i < 3; ++i) StartBudget("p33", "operating");
  }

  // The rows of a table: its lines after the heading and its rule, but for the paging line.
  static std::size_t TableRows(const std::string& out) {
    std::size_t rows = 0;
    std::istringstream in(out);
    std::string line;
    for (int n = 0; std::getline(in, line); ++n) {
      if (n >= 2 && !line.empty() && line.rfind("…", 0) != 0) ++rows;
    }
    return rows;
  }

  static std::string LastLine(const std::string& out) {
    std::string s = out;
    while (!s.empty() && s.back() == '\n') s.pop_back();
    std::size_t nl = s.rfind('\n');
    return nl == std::string::npos ? s : s.substr(nl + 1);
  }
};

const char kLate[] = "2025-10-02T09:00+07:00";   // every step above is late

struct PagedListing {
  std::string what;
  std::string login;
  std::vector<std::string> args;   // without --limit
  std::string key;                 // the rows' key in --json
  std::int64_t total;              // rows in all; -1: the processes deployed
};

TEST_F(CliListing, EachListingShowsAPageAndSaysHowManyMore) {
  std::int64_t processes = static_cast<std::int64_t>(Must(As("p33", {"processes", "--json"})).Json().at("processes").size());
  ASSERT_GT(processes, 2);
  const std::vector<PagedListing> listings = {
      {"tasks", "p33", {"tasks"}, "tasks", 3},
      {"tasks --all", "admin", {"tasks", "--all"}, "tasks", 3},
      {"tasks --overdue", "p33", {"--now", kLate, "tasks", "--overdue"}, "tasks", 3},
      {"overdue", "p33", {"--now", kLate, "overdue"}, "tasks", 3},
      {"instances --state running", "p33", {"instances", "--state", "running"}, "instances", 3},
      {"processes", "p33", {"processes"}, "processes", processes},
  };
  for (const PagedListing& l : listings) {
    std::int64_t total = l.total;
    // The table: two rows, then the line for the rest.
    std::vector<std::string> args = l.args;
    args.insert(args.end(), {"--limit", "2"});
    CliResult page = Must(As(l.login, args));
    EXPECT_EQ(TableRows(page.out), 2u) << l.what << "\n" << page;
    EXPECT_EQ(LastLine(page.out), "… " + std::to_string(total - 2) + " more; --limit to see them") << l.what << "\n" << page;
    // As JSON: the same page with the count.
    args.push_back("--json");
    json j = Must(As(l.login, args)).Json();
    EXPECT_EQ(j.at(l.key).size(), 2u) << l.what << "\n" << j.dump(2);
    EXPECT_EQ(j.at("total"), total) << l.what;
    EXPECT_EQ(j.at("more"), total - 2) << l.what;
    // Without --limit, the default page holds them all: no line for more.
    CliResult whole = Must(As(l.login, l.args));
    EXPECT_EQ(TableRows(whole.out), static_cast<std::size_t>(total)) << l.what << "\n" << whole;
    EXPECT_EQ(whole.out.find("more; --limit"), std::string::npos) << l.what << "\n" << whole;
  }
}

TEST_F(CliListing, PagesComeInTheListingsOrder) {
  std::vector<std::int64_t> all;
  for (const json& t : json(Must(As("p33", {"tasks", "--json"})).Json().at("tasks"))) all.push_back(t.at("id"));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  json first = Must(As("p33", {"tasks", "--limit", "1", "--json"})).Json();
  ASSERT_EQ(first.at("tasks").size(), 1u);
  EXPECT_EQ(first.at("tasks")[0].at("id"), all.front());
  // Late work comes most late first.
  json late = Must(As("p33", {"--now", kLate, "overdue", "--json"})).Json().at("tasks");
  for (std::size_t i = 1; i < late.size(); ++i) EXPECT_LE(late[i - 1].at("due"), late[i].at("due"));
}

TEST_F(CliListing, ALimitMustBeAPositiveNumber) {
  for (const char* bad : {"0", "-1", "many"}) {
    for (const char* listing : {"tasks", "overdue", "instances", "processes"}) {
      CliResult r = As("p33", {listing, "--limit", bad});
      EXPECT_EQ(r.exit_code, 2) << listing << " --limit " << bad << "\n" << r;
      EXPECT_NE(r.err.find("--limit"), std::string::npos) << r;
      EXPECT_TRUE(r.out.empty()) << r;
    }
  }
}

}  // namespace
}  // namespace krabuan::clitest
