/* The compile test's own check: parents typed as libgit2 1.5 and 1.9 declare
 * them, which tests/compat/libgit2.sh expects to compile against those
 * releases' declarations and to fail against 1.8.0's. */
#include <git2.h>

int commit_on(git_repository *repo, git_tree *tree, git_commit *parent);

int commit_on(git_repository *repo, git_tree *tree, git_commit *parent)
{
	const git_commit *parents[1] = {parent};
	git_oid id;
	return git_commit_create(&id, repo, NULL, NULL, NULL, NULL, "m", tree, 1, parents);
}
