import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { ApiConfig } from '../api.config';

/**
 * The api's validated configuration (`ApiConfigSchema`, parsed once at start), injected by this
 * class: `constructor(private readonly settings: ApiSettings)`. A class rather than a symbol so
 * that the constructor's type names the token; services that read a few keys take
 * `@Inject(ApiSettings) settings: Pick<ApiSettings, 'KEY'>` so their unit specs pass only those.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class ApiSettings {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface ApiSettings extends ApiConfig {}

/** Provides `ApiSettings` to every module of the app. */
@Global()
@Module({})
export class ApiSettingsModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiSettingsModule,
      providers: [{ provide: ApiSettings, useValue: config }],
      exports: [ApiSettings],
    };
  }
}
