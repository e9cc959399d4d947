import type { BundleFolderAdapterOptions } from './bundle-folder/bundle-folder.adapter.js';
import { BundleFolderAdapter } from './bundle-folder/bundle-folder.adapter.js';
import type { EdxmlAdapterOptions } from './edxml/edxml.adapter.js';
import { EdxmlAdapter } from './edxml/edxml.adapter.js';
import type { HttpJsonAdapterOptions } from './http-json/http-json.adapter.js';
import { HttpJsonAdapter } from './http-json/http-json.adapter.js';
import type { MailDirectoryAdapterOptions } from './mail-directory/mail-directory.adapter.js';
import { MailDirectoryAdapter } from './mail-directory/mail-directory.adapter.js';
import type { RegisterAdapterOptions } from './register/register.adapter.js';
import { RegisterAdapter } from './register/register.adapter.js';
import type { SourceAdapter, SourceDefinition } from './source-adapter.port.js';

/** The adapter for a configured source. Each adapter checks its own options. */
export function adapterFor(source: SourceDefinition): SourceAdapter {
  switch (source.kind) {
    case 'bundle-folder':
      return new BundleFolderAdapter(source.options as unknown as BundleFolderAdapterOptions, source.limits);
    case 'http-json':
      return new HttpJsonAdapter(source.options as unknown as HttpJsonAdapterOptions, source.limits);
    case 'edxml':
      return new EdxmlAdapter(source.options as unknown as EdxmlAdapterOptions, source.limits, source.name);
    case 'register':
      return new RegisterAdapter(source.options as unknown as RegisterAdapterOptions, source.limits);
    case 'mail-directory':
      return new MailDirectoryAdapter(
        source.options as unknown as MailDirectoryAdapterOptions,
        source.limits,
      );
  }
}
