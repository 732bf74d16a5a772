package io.streamkit.shuffle.server;

import io.streamkit.shuffle.common.ShufflePaths;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.AclEntry;
import org.apache.hadoop.fs.permission.AclEntryScope;
import org.apache.hadoop.fs.permission.AclEntryType;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With authentication, an application's directory is readable by the workers' user and the
 * application's user only: mode {@code 0700} plus an ACL entry, and a default ACL entry that its
 * files and subdirectories inherit, granting the application's user {@code rwx} (its driver deletes
 * the shuffle's files when done). On a file system without ACLs (the local one) the directory keeps
 * its default permissions, since readers may run as another user; that is logged once.
 */
final class AppDirectories {
  private static final Logger LOG = LoggerFactory.getLogger(AppDirectories.class);

  private final FileSystem fs;
  private final String root;
  private final Set<String> done = ConcurrentHashMap.newKeySet();
  private volatile boolean aclsUnsupported;

  AppDirectories(FileSystem fs, String root) {
    this.fs = fs;
    this.root = root;
  }

  /** Restricts {@code appId}'s directory to {@code user}, once; before its first file is made. */
  void restrict(String appId, String user) throws IOException {
    if (aclsUnsupported || user == null || user.isEmpty() || done.contains(appId)) {
      return;
    }
    synchronized (this) {
      if (done.contains(appId)) {
        return;
      }
      Path dir = ShufflePaths.appDir(root, appId);
      fs.mkdirs(dir);
      try {
        fs.getAclStatus(dir);
      } catch (UnsupportedOperationException e) {
        aclsUnsupported = true;
        LOG.warn(
            "{} has no ACLs: applications' shuffle files stay readable by whoever may read {}",
            fs.getUri(),
            root);
        return;
      }
      // the mode first: with an ACL, the group bits of a mode set later would become its mask
      fs.setPermission(dir, new FsPermission((short) 0700));
      fs.modifyAclEntries(
          dir, List.of(entry(AclEntryScope.ACCESS, user), entry(AclEntryScope.DEFAULT, user)));
      done.add(appId);
    }
  }

  private static AclEntry entry(AclEntryScope scope, String user) {
    return new AclEntry.Builder()
        .setScope(scope)
        .setType(AclEntryType.USER)
        .setName(user)
        .setPermission(FsAction.ALL)
        .build();
  }
}
