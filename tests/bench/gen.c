/* Benchmark corpus generator: N realistic account plans (5-40 contacts with
 * reports_to chains, 3-30 opportunities, routes, 8 quarters of revenue,
 * goals, risks, actions, a 1-4 KB body with references and links; every
 * reference valid), deterministic for a seed, optionally with a git history
 * of C dated commits over 8 quarters editing plans as teams do: each commit
 * moves a deal of one to three plans a stage on, changes a contact's
 * attitude and relationship level and the review date, and leaves the rest
 * of each plan as it was written.
 *
 * With --rich, the plans are larger and use the people and commerce fields
 * too: 20-60 contacts (units, influence, status, since, e-mail, phone,
 * notes), 20-40 opportunities (type, opened, forecast, sponsor, buying
 * units, competitors), units, competitors and contracts.
 *
 * Every plan checks clean: touches record a meeting with every decision
 * leader, initiatives name their owner (not the old key sponsor).
 *
 * usage: gen [--rich] DIR N [COMMITS] */
#define _DEFAULT_SOURCE
#include <git2.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t state = 0x9E3779B97F4A7C15ull;
static bool rich; /* --rich: the second corpus */

static uint32_t rnd(void) /* xorshift64*: the same corpus on every machine */
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return (uint32_t)((state * 0x2545F4914F6CDD1Dull) >> 32);
}

static int between(int lo, int hi)
{
	return lo + (int)(rnd() % (uint32_t)(hi - lo + 1));
}

static const char *pick(const char *const *items, size_t n)
{
	return items[rnd() % n];
}

#define PICK(a) pick(a, sizeof(a) / sizeof(a[0]))

static const char *const first[] = {"Anna", "Jonas", "Claudia", "Thomas", "Markus", "Sabine", "Peter",
				    "Julia", "Stefan", "Andreas", "Miriam", "Erik", "Petra", "Camille",
				    "Marek", "Anouk", "Frank", "Ivana", "Yuki", "Rafael", "Greta", "Mette"};
static const char *const last[] = {"Muller", "Weber", "Schmidt", "Vogel", "Klein", "Fischer", "Hartmann",
				   "Wolf", "Lange", "Novak", "Jansen", "Dubois", "Kowalski", "Smits",
				   "Meyer", "Horvat", "Larsen", "Ito", "Silva", "Peters", "Andersen"};
static const char *const titles[] = {"Chief Executive Officer", "Chief Information Officer",
				     "Chief Financial Officer", "Head of Procurement", "Head of IT Architecture",
				     "Head of Operations", "Chief Risk Officer", "Head of Retail",
				     "Plant Director", "Head of Digital"};
static const char *const roles[] = {"key-decision-leader", "benefit-owner", "evaluator", "approver",
				    "influencer", "sponsor"};
static const char *const attitudes[] = {"advocate", "supporter", "neutral", "skeptic", "opponent"};
static const char *const stages[] = {"identify", "validate", "qualify", "propose", "negotiate", "won", "lost"};
static const char *const words[] = {"platform", "migration", "analytics", "renewal", "pilot", "roll-out",
				    "integration", "security", "cloud", "reporting", "automation", "support"};
static const char *const tiers[] = {"key", "strategic", "growth", "maintain"};

typedef struct text {
	char *p;
	size_t len, cap;
} text;

static void put(text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (t->len + (size_t)n + 1 > t->cap) {
		t->cap = (t->len + (size_t)n + 1) * 2;
		t->p = realloc(t->p, t->cap);
	}
	vsnprintf(t->p + t->len, (size_t)n + 1, fmt, ap);
	t->len += (size_t)n;
	va_end(ap);
}

static void quarter(char out[8], int index) /* 0 = 2025-Q1 */
{
	snprintf(out, 8, "%04d-Q%d", 2025 + index / 4, index % 4 + 1);
}

typedef struct plan_shape {
	int contacts, opportunities, actions;
	int stage[40], attitude[60], level[60];
	int reviewed_month;
	uint64_t seed; /* the generator's state when the plan was first written */
} plan_shape;

static void contacts_part(text *t, const plan_shape *s)
{
	put(t, "contacts:\n");
	for (int c = 0; c < s->contacts; c++) {
		put(t, "  - id: c%d\n    name: %s %s\n    title: %s\n", c, PICK(first), PICK(last), PICK(titles));
		if (c > 0)
			put(t, "    reports_to: c%d\n", (c - 1) / 3); /* a tree, three reports each */
		put(t, "    roles: [%s%s]\n", c % 4 == 0 ? "key-decision-leader, " : "", roles[1 + c % 5]);
		put(t, "    attitude: %s\n    owner: m%d\n", attitudes[s->attitude[c]], c % 20);
		put(t, "    relationship: {level: %d, target: 3, by: 2027-Q%d}\n", s->level[c], 1 + c % 4);
		if (rich) {
			put(t, "    unit: u%d\n    influence: %s\n    status: active\n    since: 20%02d-0%d-01\n", c % 4,
			    c % 4 == 0 ? "high" : c % 2 ? "medium" : "low", 15 + c % 10, 1 + c % 9);
			put(t, "    email: c%d@account.example\n    phone: +49 30 %07d\n", c, between(1000000, 9999999));
			put(t, "    notes: Cares about the %s and the %s\n", PICK(words), PICK(words));
		}
	}
}

static void opportunities_part(text *t, const plan_shape *s, int id, int n)
{
	put(t, "opportunities:\n");
	for (int o = 0; o < s->opportunities; o++) {
		int st = s->stage[o];
		char q[8];
		quarter(q, st >= 5 ? 4 + o % 3 : 8 + o % 4);
		put(t, "  - id: o%d\n    title: %s %s\n    initiative: i%d\n    stage: %s\n", o, PICK(words),
		    PICK(words), o % 3, stages[st]);
		put(t, "    value: %d\n    close: %s\n    probability: %d\n", between(10, 900) * 1000, q,
		    st == 5 ? 100 : st == 6 ? 0 : 10 + 15 * st);
		put(t, "    must_win: %s\n    route: %s\n", o == 0 ? "true" : "false", o % 4 ? "direct" : "partner");
		if (o % 4 == 0 && n >= 10) /* every tenth account is a partner */
			put(t, "    partner: p%05d\n", 10 * (1 + id % (n / 10)));
		int leader = 4 * (o % ((s->contacts + 3) / 4));
		put(t, "    decision_leader: c%d\n    owner: m%d\n", leader, o % 20);
		if (rich) {
			static const char *const types[] = {"new", "upsell", "cross-sell", "renewal"};
			static const char *const forecasts[] = {"commit", "best-case", "pipeline", "omitted"};
			put(t, "    type: %s\n    opened: 2025-%02d-01\n    forecast: %s\n    unit: u%d\n", types[o % 4],
			    1 + o % 12, forecasts[o % 4], o % 4);
			put(t, "    sponsor: c%d\n    sole_source: %s\n    competitors: [k%d]\n", (leader + 1) % s->contacts,
			    o % 5 ? "false" : "true", o % 3);
			put(t, "    buying_unit:\n      - {contact: c%d, role: key-decision-leader}\n"
			       "      - {contact: c%d, role: evaluator, influence: medium}\n"
			       "      - {contact: c%d, role: approver, attitude: supporter}\n",
			    leader, (leader + 2) % s->contacts, (leader + 3) % s->contacts);
			put(t, "    notes: The %s %s decides it\n", PICK(words), PICK(words));
		}
	}
}

static void body_part(text *t, const plan_shape *s, int id, int n)
{
	static const char *const parts[] = {"1. Understand the client", "2. Opportunities", "3. Routes to market",
					    "4. Relationships", "5. Goals, risks and actions"};
	int paragraphs = between(2, 6);
	put(t, "# Account p%05d\n\n", id);
	for (int h = 0; h < 5; h++) {
		put(t, "## %s\n\n", parts[h]);
		for (int p = 0; p < paragraphs; p++)
			put(t, "The %s %s of [[#c%d]] depends on the %s with [[p%05d]] and on "
			       "[their routes](p%05d.md#3-routes-to-market); see [[#o%d]] and [[@m%d]].\n\n",
			    PICK(words), PICK(words), rnd() % (uint32_t)s->contacts, PICK(words), 1 + (id % n),
			    1 + ((id + 1) % n), rnd() % (uint32_t)s->opportunities, rnd() % 20);
	}
}

static char *plan_text(int id, int n, const plan_shape *s)
{
	text t = {0};
	bool partner = id % 10 == 0;
	put(&t, "---\nid: p%05d\nname: Account %05d AG\ntype: %s\ntier: %s\nindustry: %s\nowner: m%d\n", id, id,
	    partner ? "partner" : "customer", tiers[id % 4], PICK(words), id % 20);
	put(&t, "phase: service\nreviewed: 2026-%02d-15\n", s->reviewed_month);
	put(&t, "team:\n  - {member: m%d, role: architect}\n", (id + 7) % 20);
	put(&t, "strategy:\n  current: %s %s today\n  target: %s %s by 2029\n", PICK(words), PICK(words),
	    PICK(words), PICK(words));
	put(&t, "initiatives:\n");
	for (int i = 0; i < 3; i++)
		put(&t, "  - {id: i%d, title: %s %s, priority: %d, owner: c0, status: active}\n", i, PICK(words),
		    PICK(words), i + 1);
	opportunities_part(&t, s, id, n);
	put(&t, "routes:\n  - {route: direct, share: 70}\n  - {route: partner, share: 30}\n");
	if (rich) {
		put(&t, "units:\n");
		for (int u = 0; u < 4; u++)
			put(&t, "  - {id: u%d, name: %s %s}\n", u, PICK(words), PICK(words));
		put(&t, "competitors:\n");
		for (int k = 0; k < 3; k++)
			put(&t, "  - {competitor: k%d, position: %s}\n", k, k ? "challenger" : "incumbent");
		put(&t, "contracts:\n");
		for (int k = 0; k < 3; k++)
			put(&t, "  - {id: k-%d, title: %s %s, value: %d}\n", k, PICK(words), PICK(words),
			    between(50, 500) * 1000);
	}
	contacts_part(&t, s);
	/* a meeting with every decision leader (every contact of rich plans): no
	 * contact-stale warnings */
	put(&t, "touches:\n  - {date: 2026-11-02, kind: meeting, by: [m%d], contacts: [", id % 20);
	for (int c = 0; c < s->contacts; c += rich ? 1 : 4)
		put(&t, "%sc%d", c ? ", " : "", c);
	put(&t, "]}\n");
	put(&t, "revenue:\n");
	for (int q = 0; q < 8; q++) {
		char label[8];
		quarter(label, q);
		put(&t, "  - {quarter: %s, target: %d, actual: %d}\n", label, 100000 + 5000 * q, between(80, 120) * 1000);
	}
	put(&t, "goals:\n  - {id: g1, text: Win the %s, quarter: 2027-Q1, status: open}\n", PICK(words));
	put(&t, "risks:\n  - {id: r1, text: The %s slips, severity: medium, mitigation: Weekly checks, owner: m1}\n",
	    PICK(words));
	put(&t, "actions:\n");
	for (int a = 0; a < s->actions; a++)
		put(&t, "  - {id: a%d, text: Call about the %s, owner: m%d, due: 2027-0%d-10, status: open, contact: c%d}\n",
		    a, PICK(words), a % 20, 1 + a % 9, a % s->contacts);
	put(&t, "---\n");
	body_part(&t, s, id, n);
	return t.p;
}

static void new_shape(plan_shape *s)
{
	memset(s, 0, sizeof(*s));
	s->contacts = rich ? between(20, 60) : between(5, 40);
	s->opportunities = rich ? between(20, 40) : between(3, 30);
	s->actions = between(2, 8);
	s->reviewed_month = between(9, 11);
	for (int o = 0; o < s->opportunities; o++)
		s->stage[o] = between(0, 6);
	for (int c = 0; c < s->contacts; c++) {
		s->attitude[c] = between(0, 4);
		s->level[c] = between(0, 3);
	}
}

static void write_file(const char *path, const char *data)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(data, f) < 0 || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static void write_config(const char *dir)
{
	text t = {0};
	put(&t, "kam: 1\norganization: Bench Systems\ncurrency: EUR\ntimezone: UTC\nteam:\n");
	for (int m = 0; m < 20; m++)
		put(&t, "  - {id: m%d, name: %s %s, role: key-account-manager}\n", m, first[m % 22], last[m % 21]);
	if (rich) {
		put(&t, "competitors:\n");
		for (int k = 0; k < 3; k++)
			put(&t, "  - {id: k%d, name: %s Systems}\n", k, last[k]);
	}
	put(&t, "rules:\n  key-account-limit: {severity: warning, max: 1000}\n");
	char path[4096];
	snprintf(path, sizeof(path), "%s/kam.yaml", dir);
	write_file(path, t.p);
	free(t.p);
}

/* ------------------------------------------------------------------ */
/* history                                                             */

static void check(int rc, const char *what)
{
	if (rc < 0) {
		const git_error *e = git_error_last();
		fprintf(stderr, "gen: %s: %s\n", what, e && e->message ? e->message : "git error");
		exit(1);
	}
}

static void commit_all(git_repository *repo, git_index *index, const char *message, git_time_t when,
		       const char *author)
{
	git_oid tree_id, commit_id;
	git_tree *tree;
	git_signature *sig;
	git_commit *parent = NULL;
	git_object *head = NULL;
	check(git_index_write_tree(&tree_id, index), "write tree");
	check(git_tree_lookup(&tree, repo, &tree_id), "tree");
	check(git_signature_new(&sig, author, "bench@example.com", when, 0), "signature");
	if (git_revparse_single(&head, repo, "HEAD") == 0)
		check(git_object_peel((git_object **)&parent, head, GIT_OBJECT_COMMIT), "parent");
	const git_commit *parents[1] = {parent};
	check(git_commit_create(&commit_id, repo, "HEAD", sig, sig, NULL, message, tree, parent ? 1 : 0, parents),
	      "commit");
	git_commit_free(parent);
	git_object_free(head);
	git_signature_free(sig);
	git_tree_free(tree);
}

static void history(const char *dir, int n, plan_shape *shapes, int commits)
{
	git_libgit2_init();
	git_repository *repo;
	git_index *index;
	check(git_repository_init(&repo, dir, 0), "init");
	check(git_repository_index(&index, repo), "index");
	check(git_index_add_all(index, NULL, 0, NULL, NULL), "add");
	git_time_t start = 1735732800; /* 2025-01-01 12:00 UTC */
	git_time_t span = 2 * 365 * 86400 - 86400; /* 8 quarters */
	commit_all(repo, index, "Initial account plans", start, "Anna Muller");
	for (int c = 1; c <= commits; c++) {
		int edits = between(1, 3);
		for (int e = 0; e < edits; e++) {
			int id = between(1, n);
			plan_shape *s = &shapes[id - 1];
			int o = between(0, s->opportunities - 1), k = between(0, s->contacts - 1);
			if (s->stage[o] < 5)
				s->stage[o]++; /* deals move on */
			s->attitude[k] = between(0, 4);
			if (s->level[k] < 4)
				s->level[k]++;
			s->reviewed_month = 9 + c % 3;
			char path[4096], rel[32];
			snprintf(rel, sizeof(rel), "accounts/p%05d.md", id);
			snprintf(path, sizeof(path), "%s/%s", dir, rel);
			/* the plan as first written but for what the edit moved:
			 * its words and values drawn again from the same seed */
			uint64_t edits_state = state;
			state = s->seed;
			char *textp = plan_text(id, n, s);
			state = edits_state;
			write_file(path, textp);
			free(textp);
			check(git_index_add_bypath(index, rel), "add");
		}
		char message[64];
		snprintf(message, sizeof(message), "Plan update %d", c);
		commit_all(repo, index, message, start + (git_time_t)((double)span * c / (commits + 1)),
			   first[c % 22]);
	}
	check(git_index_write(index), "write index");
	git_index_free(index);
	git_repository_free(repo);
	git_libgit2_shutdown();
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--rich") == 0) {
		rich = true;
		argc--;
		argv++;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: gen [--rich] DIR N [COMMITS]\n");
		return 2;
	}
	const char *dir = argv[1];
	int n = atoi(argv[2]), commits = argc > 3 ? atoi(argv[3]) : 0;
	char path[4096];
	mkdir(dir, 0777);
	snprintf(path, sizeof(path), "%s/accounts", dir);
	mkdir(path, 0777);
	write_config(dir);
	plan_shape *shapes = calloc((size_t)n, sizeof(plan_shape));
	for (int id = 1; id <= n; id++) {
		new_shape(&shapes[id - 1]);
		shapes[id - 1].seed = state;
		char *t = plan_text(id, n, &shapes[id - 1]);
		snprintf(path, sizeof(path), "%s/accounts/p%05d.md", dir, id);
		write_file(path, t);
		free(t);
	}
	if (commits)
		history(dir, n, shapes, commits);
	free(shapes);
	return 0;
}
