/**
 * netatmo-connect: a typed client for the Netatmo Connect API with tokens that take care of
 * themselves.
 *
 * Left out on purpose: the fake server (`netatmo-connect/testing`), the Redis store
 * (`netatmo-connect/redis`) and the CLI live in their own entries, so this one never loads
 * `node:http`, ioredis or the CLI.
 *
 * @module netatmo-connect
 */
export { createNetatmoClient } from './client.js';
export type { NetatmoClient, NetatmoClientOptions, RawRequestOptions } from './client.js';

export { MemoryTokenStore } from './auth/memory-token-store.js';
export { FileTokenStore, type FileTokenStoreOptions } from './auth/file-token-store.js';
export { fingerprint } from './auth/token-set.js';
export type { TokenSet } from './auth/token-set.js';
export type { TokenStore } from './auth/token-store.js';
export type { TokenManager, TokenStatus } from './auth/token-manager.js';
export type { TokenState } from './auth/token-policy.js';

export {
  NetatmoError,
  NetatmoApiError,
  NetatmoRateLimitError,
  NetatmoAuthError,
  NetatmoValidationError,
  NetatmoNetworkError,
  NetatmoTimeoutError,
  NetatmoAbortError,
  isNetatmoError,
} from './errors.js';
export type {
  NetatmoErrorOptions,
  NetatmoApiErrorDetails,
  NetatmoRateLimitErrorDetails,
  NetatmoAuthErrorDetails,
  NetatmoTransportErrorDetails,
  ValidationIssue,
} from './errors.js';

export type { NetatmoEvents, NetatmoEventName, NetatmoEventHandler, RefreshReason } from './events.js';
export type { Logger } from './logger.js';
export type { RetryOptions } from './transport/retry-policy.js';
export type { RateLimitOptions } from './limits/netatmo-limits.js';
export type { WireParams, WireValue } from './transport/wire-params.js';
export type { RequestOptions } from './api/request-options.js';
export type { AnswerIssue, ValidationMode } from './transport/answer-validation.js';
export type { RateLimitBucket, RateLimiter, RateLimitRelease, RateLimitRequest } from './limits/rate-limiter.js';

export { StationApi } from './api/station/station-api.js';
export type { GetStationsDataParams } from './api/station/station-api.js';
export type { DashboardData, Station, StationModule, StationsData } from './api/station/schemas.js';

/** The zod schemas of every answer (`schemas.stationsDataSchema`, …). */
export * as schemas from './api/schemas.js';

export { buildAuthorizeUrl, exchangeCode } from './auth/oauth.js';
export type { AuthorizeUrl, BuildAuthorizeUrlParams, ExchangeCodeParams } from './auth/oauth.js';

// Endpoint classes (client.station, .thermostat, .camera, .homecoach), their params and answers.
export { HomesApi } from './api/shared/homes-api.js';
export type { GetHomesDataParams, GetHomeStatusParams, SetStateEntry, SetStateParams } from './api/shared/homes-api.js';
export type {
  Home,
  HomeError,
  HomeModule,
  HomePerson,
  HomesData,
  HomesUser,
  HomeStatus,
  ModuleStatus,
  PersonStatus,
  Room,
  RoomStatus,
  Schedule,
  SetStateResult,
  TimetableEntry,
  Zone,
} from './api/shared/homes-schemas.js';
export type { MeasurePoint, MeasureResult, MeasureWindowParams } from './api/shared/measures.js';
export type {
  EnergyMeasureType,
  MeasureScale,
  RoomMeasureType,
  ThermostatMeasureType,
  WeatherMeasureType,
  WithLowerCase,
} from './api/shared/measure-types.js';
// The documented type lists per scale, for pickers and run-time checks of user input.
export { energyMeasureBases, measureScales, roomMeasureTypes, thermostatMeasureTypes, weatherMeasureTypes } from './api/shared/measure-types.js';
export type { DateInput } from './api/shared/param-checks.js';
export type { GetMeasureParams, GetPublicDataParams, IterateMeasuresParams } from './api/station/station-api.js';
export type { PublicData, PublicMeasure, PublicStation } from './api/station/schemas.js';
export { ThermostatApi, THERM_SETPOINT_RANGE } from './api/thermostat/thermostat-api.js';
export type {
  CreateHomeScheduleParams,
  DeleteHomeScheduleParams,
  GetRoomMeasureParams,
  GetThermostatMeasureParams,
  RenameHomeScheduleParams,
  ScheduleContent,
  ScheduleTimetableEntry,
  ScheduleZone,
  ScheduleZoneRoom,
  SetRoomThermpointParams,
  SetThermModeParams,
  SwitchHomeScheduleParams,
  SyncHomeScheduleParams,
} from './api/thermostat/thermostat-api.js';
export type { CreatedSchedule } from './api/thermostat/schemas.js';
export { CameraApi } from './api/camera/camera-api.js';
export type {
  AddWebhookParams,
  CameraPicture,
  GetCameraPictureParams,
  GetEventsParams,
  GetEventsUntilParams,
  GetHomeDataParams,
  GetLastEventOfParams,
  GetNextEventsParams,
  SetPersonsAwayParams,
  SetPersonsHomeParams,
} from './api/camera/camera-api.js';
export type {
  CameraEvent,
  EventImage,
  Events,
  EventsList,
  LegacyCamera,
  LegacyHome,
  LegacyHomeData,
  LegacyPerson,
  SubEvent,
} from './api/camera/schemas.js';
export { HomeCoachApi } from './api/homecoach/homecoach-api.js';
export type { GetHomeCoachsDataParams } from './api/homecoach/homecoach-api.js';
export type { HomeCoach, HomeCoachDashboard, HomeCoachsData } from './api/homecoach/schemas.js';

// Hooks and response metadata: tracing, metrics and extra headers around every request, and an
// answer's status, headers and timing beside its data.
export { withResponse } from './hooks/with-response.js';
export type { ResponseMetadata, WithResponse } from './hooks/with-response.js';
export type { HookRequest, HookResponse, HookRetry, NetatmoHooks } from './hooks/hooks.js';
export { VERSION } from './version.js';
// Watchers and event history: station.watch(), homecoach.watch(), thermostat.watchHomeStatus(), camera.iterateEvents().
export type { ReadingsSnapshot, ReadingsWatchOptions } from './api/shared/readings-watch.js';
export type { WatchClock } from './api/shared/watch-clock.js';
export type { StationsSnapshot, StationWatchOptions } from './api/station/station-watch.js';
export type { HomeCoachsSnapshot, HomeCoachWatchOptions } from './api/homecoach/homecoach-watch.js';
export type { HomeStatusSnapshot, HomeStatusWatch, WatchHomeStatusParams, WebhookEventSource } from './api/thermostat/home-status-watch.js';
export type { IterateEventsParams } from './api/camera/camera-event-history.js';
// The webhook event types the watch accepts; the webhook receiver itself is netatmo-connect/webhooks.
export type { WebhookEvent, WebhookEventKind } from './webhooks/webhook-event.js';
// Answers: the documented types of nested answer parts, the shared weather fields, and lenient validation.
export type { IndoorReadings, Place, WeatherUnits, WeatherUser, WifiDevice } from './api/shared/weather-answers.js';
export type { HomeStatusHome, SetStateErrors, SetStateHome, ZoneRoom, ZoneRoomTemperature } from './api/shared/homes-answers.js';
export type {
  EventsHome,
  LegacyCameraModule,
  LegacyGlobalInfo,
  LegacyHomePlace,
  LegacyHomes,
  LegacyHomeUser,
  LegacySmokeDetector,
} from './api/camera/camera-answers.js';
export type { MeasureBody, MeasureRun } from './api/shared/measure-answers.js';

// Rate limiters: where the request budget per user and per app is kept (RedisRateLimiter lives in netatmo-connect/redis).
export { MemoryRateLimiter } from './limits/memory-rate-limiter.js';
export type { MemoryRateLimiterOptions } from './limits/memory-rate-limiter.js';
export type { LimitWindowOptions } from './limits/limit-windows.js';

// Many accounts on one Netatmo app (createNetatmoApp), and Netatmo's limits for sizing budgets.
export { createNetatmoApp } from './app.js';
export type { AppAuthorizeUrlParams, CompleteAuthorizationParams, CompletedAuthorization, NetatmoApp, NetatmoAppOptions } from './app.js';
export type { NetatmoAppEventHandler, NetatmoAppEvents } from './app/app-events.js';
export { netatmoAppLimits, NETATMO_USER_LIMITS } from './limits/netatmo-limits.js';
export type { WindowLimits } from './limits/netatmo-limits.js';
