/* libgit2 1.8.0's declarations of the functions kam calls, copied from
 * that release's include/ by tests/compat/gen_libgit2_shim.py. Found
 * first on the include path, this file stands in for <git2.h>: kam's call
 * sites compile against these declarations instead of the installed
 * headers' (which still provide the types); each function is renamed to
 * kam_compat_NAME so its declaration can be replaced. */
#ifndef KAM_COMPAT_GIT2_H
#define KAM_COMPAT_GIT2_H
#include_next <git2.h>

#undef LIBGIT2_VER_MAJOR
#define LIBGIT2_VER_MAJOR 1
#undef LIBGIT2_VERSION_MAJOR
#define LIBGIT2_VERSION_MAJOR 1
#undef LIBGIT2_VER_MINOR
#define LIBGIT2_VER_MINOR 8
#undef LIBGIT2_VERSION_MINOR
#define LIBGIT2_VERSION_MINOR 8
#undef LIBGIT2_VER_REVISION
#define LIBGIT2_VER_REVISION 0
#undef LIBGIT2_VERSION_REVISION
#define LIBGIT2_VERSION_REVISION 0

#define git_blob_create_from_buffer kam_compat_git_blob_create_from_buffer
extern int git_blob_create_from_buffer( git_oid *id, git_repository *repo, const void *buffer, size_t len);
#define git_blob_create_from_workdir kam_compat_git_blob_create_from_workdir
extern int git_blob_create_from_workdir(git_oid *id, git_repository *repo, const char *relative_path);
#define git_blob_free kam_compat_git_blob_free
extern void git_blob_free(git_blob *blob);
#define git_blob_lookup kam_compat_git_blob_lookup
extern int git_blob_lookup(git_blob **blob, git_repository *repo, const git_oid *id);
#define git_blob_rawcontent kam_compat_git_blob_rawcontent
extern const void * git_blob_rawcontent(const git_blob *blob);
#define git_blob_rawsize kam_compat_git_blob_rawsize
extern git_object_size_t git_blob_rawsize(const git_blob *blob);
#define git_buf_dispose kam_compat_git_buf_dispose
extern void git_buf_dispose(git_buf *buffer);
#define git_commit_author kam_compat_git_commit_author
extern const git_signature * git_commit_author(const git_commit *commit);
#define git_commit_create kam_compat_git_commit_create
extern int git_commit_create( git_oid *id, git_repository *repo, const char *update_ref, const git_signature *author, const git_signature *committer, const char *message_encoding, const char *message, const git_tree *tree, size_t parent_count, git_commit * const parents[]);
#define git_commit_free kam_compat_git_commit_free
extern void git_commit_free(git_commit *commit);
#define git_commit_id kam_compat_git_commit_id
extern const git_oid * git_commit_id(const git_commit *commit);
#define git_commit_lookup kam_compat_git_commit_lookup
extern int git_commit_lookup( git_commit **commit, git_repository *repo, const git_oid *id);
#define git_commit_parent kam_compat_git_commit_parent
extern int git_commit_parent( git_commit **out, const git_commit *commit, unsigned int n);
#define git_commit_parentcount kam_compat_git_commit_parentcount
extern unsigned int git_commit_parentcount(const git_commit *commit);
#define git_commit_summary kam_compat_git_commit_summary
extern const char * git_commit_summary(git_commit *commit);
#define git_commit_time kam_compat_git_commit_time
extern git_time_t git_commit_time(const git_commit *commit);
#define git_commit_time_offset kam_compat_git_commit_time_offset
extern int git_commit_time_offset(const git_commit *commit);
#define git_commit_tree kam_compat_git_commit_tree
extern int git_commit_tree(git_tree **tree_out, const git_commit *commit);
#define git_commit_tree_id kam_compat_git_commit_tree_id
extern const git_oid * git_commit_tree_id(const git_commit *commit);
#define git_config_free kam_compat_git_config_free
extern void git_config_free(git_config *cfg);
#define git_config_get_path kam_compat_git_config_get_path
extern int git_config_get_path(git_buf *out, const git_config *cfg, const char *name);
#define git_config_get_string_buf kam_compat_git_config_get_string_buf
extern int git_config_get_string_buf(git_buf *out, const git_config *cfg, const char *name);
#define git_config_open_default kam_compat_git_config_open_default
extern int git_config_open_default(git_config **out);
#define git_error_last kam_compat_git_error_last
extern const git_error * git_error_last(void);
#define git_filter_list_free kam_compat_git_filter_list_free
extern void git_filter_list_free(git_filter_list *filters);
#define git_filter_list_load kam_compat_git_filter_list_load
extern int git_filter_list_load( git_filter_list **filters, git_repository *repo, git_blob *blob, const char *path, git_filter_mode_t mode, uint32_t flags);
#define git_index_add kam_compat_git_index_add
extern int git_index_add(git_index *index, const git_index_entry *source_entry);
#define git_index_add_bypath kam_compat_git_index_add_bypath
extern int git_index_add_bypath(git_index *index, const char *path);
#define git_index_entry_stage kam_compat_git_index_entry_stage
extern int git_index_entry_stage(const git_index_entry *entry);
#define git_index_entrycount kam_compat_git_index_entrycount
extern size_t git_index_entrycount(const git_index *index);
#define git_index_free kam_compat_git_index_free
extern void git_index_free(git_index *index);
#define git_index_get_byindex kam_compat_git_index_get_byindex
extern const git_index_entry * git_index_get_byindex( git_index *index, size_t n);
#define git_index_get_bypath kam_compat_git_index_get_bypath
extern const git_index_entry * git_index_get_bypath( git_index *index, const char *path, int stage);
#define git_index_has_conflicts kam_compat_git_index_has_conflicts
extern int git_index_has_conflicts(const git_index *index);
#define git_index_new kam_compat_git_index_new
extern int git_index_new(git_index **out);
#define git_index_open kam_compat_git_index_open
extern int git_index_open(git_index **out, const char *index_path);
#define git_index_path kam_compat_git_index_path
extern const char * git_index_path(const git_index *index);
#define git_index_read kam_compat_git_index_read
extern int git_index_read(git_index *index, int force);
#define git_index_read_tree kam_compat_git_index_read_tree
extern int git_index_read_tree(git_index *index, const git_tree *tree);
#define git_index_remove_bypath kam_compat_git_index_remove_bypath
extern int git_index_remove_bypath(git_index *index, const char *path);
#define git_index_set_version kam_compat_git_index_set_version
extern int git_index_set_version(git_index *index, unsigned int version);
#define git_index_version kam_compat_git_index_version
extern unsigned int git_index_version(git_index *index);
#define git_index_write kam_compat_git_index_write
extern int git_index_write(git_index *index);
#define git_index_write_tree_to kam_compat_git_index_write_tree_to
extern int git_index_write_tree_to(git_oid *out, git_index *index, git_repository *repo);
#define git_libgit2_init kam_compat_git_libgit2_init
extern int git_libgit2_init(void);
#define git_libgit2_opts kam_compat_git_libgit2_opts
extern int git_libgit2_opts(int option, ...);
#define git_libgit2_shutdown kam_compat_git_libgit2_shutdown
extern int git_libgit2_shutdown(void);
#define git_libgit2_version kam_compat_git_libgit2_version
extern int git_libgit2_version(int *major, int *minor, int *rev);
#define git_object_free kam_compat_git_object_free
extern void git_object_free(git_object *object);
#define git_object_id kam_compat_git_object_id
extern const git_oid * git_object_id(const git_object *obj);
#define git_object_peel kam_compat_git_object_peel
extern int git_object_peel( git_object **peeled, const git_object *object, git_object_t target_type);
#define git_odb_exists kam_compat_git_odb_exists
extern int git_odb_exists(git_odb *db, const git_oid *id);
#define git_odb_free kam_compat_git_odb_free
extern void git_odb_free(git_odb *db);
#define git_odb_hash kam_compat_git_odb_hash
extern int git_odb_hash(git_oid *out, const void *data, size_t len, git_object_t type);
#define git_odb_object_data kam_compat_git_odb_object_data
extern const void * git_odb_object_data(git_odb_object *object);
#define git_odb_object_free kam_compat_git_odb_object_free
extern void git_odb_object_free(git_odb_object *object);
#define git_odb_object_size kam_compat_git_odb_object_size
extern size_t git_odb_object_size(git_odb_object *object);
#define git_odb_object_type kam_compat_git_odb_object_type
extern git_object_t git_odb_object_type(git_odb_object *object);
#define git_odb_open kam_compat_git_odb_open
extern int git_odb_open(git_odb **out, const char *objects_dir);
#define git_odb_read kam_compat_git_odb_read
extern int git_odb_read(git_odb_object **out, git_odb *db, const git_oid *id);
#define git_oid_cpy kam_compat_git_oid_cpy
extern int git_oid_cpy(git_oid *out, const git_oid *src);
#define git_oid_equal kam_compat_git_oid_equal
extern int git_oid_equal(const git_oid *a, const git_oid *b);
#define git_oid_fromstr kam_compat_git_oid_fromstr
extern int git_oid_fromstr(git_oid *out, const char *str);
#define git_oid_is_zero kam_compat_git_oid_is_zero
extern int git_oid_is_zero(const git_oid *id);
#define git_oid_tostr kam_compat_git_oid_tostr
extern char * git_oid_tostr(char *out, size_t n, const git_oid *id);
#define git_reference_create kam_compat_git_reference_create
extern int git_reference_create(git_reference **out, git_repository *repo, const char *name, const git_oid *id, int force, const char *log_message);
#define git_reference_create_matching kam_compat_git_reference_create_matching
extern int git_reference_create_matching(git_reference **out, git_repository *repo, const char *name, const git_oid *id, int force, const git_oid *current_id, const char *log_message);
#define git_reference_delete kam_compat_git_reference_delete
extern int git_reference_delete(git_reference *ref);
#define git_reference_foreach_name kam_compat_git_reference_foreach_name
extern int git_reference_foreach_name( git_repository *repo, git_reference_foreach_name_cb callback, void *payload);
#define git_reference_free kam_compat_git_reference_free
extern void git_reference_free(git_reference *ref);
#define git_reference_lookup kam_compat_git_reference_lookup
extern int git_reference_lookup(git_reference **out, git_repository *repo, const char *name);
#define git_reference_name_to_id kam_compat_git_reference_name_to_id
extern int git_reference_name_to_id( git_oid *out, git_repository *repo, const char *name);
#define git_reference_peel kam_compat_git_reference_peel
extern int git_reference_peel( git_object **out, const git_reference *ref, git_object_t type);
#define git_reference_symbolic_target kam_compat_git_reference_symbolic_target
extern const char * git_reference_symbolic_target(const git_reference *ref);
#define git_repository_commondir kam_compat_git_repository_commondir
extern const char * git_repository_commondir(const git_repository *repo);
#define git_repository_config_snapshot kam_compat_git_repository_config_snapshot
extern int git_repository_config_snapshot(git_config **out, git_repository *repo);
#define git_repository_free kam_compat_git_repository_free
extern void git_repository_free(git_repository *repo);
#define git_repository_head kam_compat_git_repository_head
extern int git_repository_head(git_reference **out, git_repository *repo);
#define git_repository_head_unborn kam_compat_git_repository_head_unborn
extern int git_repository_head_unborn(git_repository *repo);
#define git_repository_index kam_compat_git_repository_index
extern int git_repository_index(git_index **out, git_repository *repo);
#define git_repository_is_shallow kam_compat_git_repository_is_shallow
extern int git_repository_is_shallow(git_repository *repo);
#define git_repository_odb kam_compat_git_repository_odb
extern int git_repository_odb(git_odb **out, git_repository *repo);
#define git_repository_open_ext kam_compat_git_repository_open_ext
extern int git_repository_open_ext( git_repository **out, const char *path, unsigned int flags, const char *ceiling_dirs);
#define git_repository_path kam_compat_git_repository_path
extern const char * git_repository_path(const git_repository *repo);
#define git_repository_state kam_compat_git_repository_state
extern int git_repository_state(git_repository *repo);
#define git_repository_workdir kam_compat_git_repository_workdir
extern const char * git_repository_workdir(const git_repository *repo);
#define git_revparse_single kam_compat_git_revparse_single
extern int git_revparse_single( git_object **out, git_repository *repo, const char *spec);
#define git_signature_default kam_compat_git_signature_default
extern int git_signature_default(git_signature **out, git_repository *repo);
#define git_signature_free kam_compat_git_signature_free
extern void git_signature_free(git_signature *sig);
#define git_signature_new kam_compat_git_signature_new
extern int git_signature_new(git_signature **out, const char *name, const char *email, git_time_t time, int offset);
#define git_tree_entry_bypath kam_compat_git_tree_entry_bypath
extern int git_tree_entry_bypath( git_tree_entry **out, const git_tree *root, const char *path);
#define git_tree_entry_filemode kam_compat_git_tree_entry_filemode
extern git_filemode_t git_tree_entry_filemode(const git_tree_entry *entry);
#define git_tree_entry_free kam_compat_git_tree_entry_free
extern void git_tree_entry_free(git_tree_entry *entry);
#define git_tree_entry_id kam_compat_git_tree_entry_id
extern const git_oid * git_tree_entry_id(const git_tree_entry *entry);
#define git_tree_entry_name kam_compat_git_tree_entry_name
extern const char * git_tree_entry_name(const git_tree_entry *entry);
#define git_tree_entry_type kam_compat_git_tree_entry_type
extern git_object_t git_tree_entry_type(const git_tree_entry *entry);
#define git_tree_free kam_compat_git_tree_free
extern void git_tree_free(git_tree *tree);
#define git_tree_id kam_compat_git_tree_id
extern const git_oid * git_tree_id(const git_tree *tree);
#define git_tree_lookup kam_compat_git_tree_lookup
extern int git_tree_lookup( git_tree **out, git_repository *repo, const git_oid *id);
#define git_tree_walk kam_compat_git_tree_walk
extern int git_tree_walk( const git_tree *tree, git_treewalk_mode mode, git_treewalk_cb callback, void *payload);
#endif
