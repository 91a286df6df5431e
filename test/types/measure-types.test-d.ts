import { describe, expectTypeOf, test } from 'vitest';
import type {
  CameraPicture,
  HomeStatus,
  MeasurePoint,
  MeasureResult,
  NetatmoClient,
  RoomMeasureType,
  StationsData,
  ThermostatMeasureType,
  WeatherMeasureType,
} from '../../src/index.js';

declare const client: NetatmoClient;
const deviceId = '70:ee:50:00:00:14';

describe('measure types are checked against the scale', () => {
  test('documented weather types pass, in either spelling', () => {
    void client.station.getMeasure({ deviceId, scale: 'max', types: ['Temperature', 'WindStrength', 'GustAngle', 'CO2'] });
    void client.station.getMeasure({ deviceId, scale: '1hour', types: ['sum_rain', 'min_temp', 'temperature', 'windstrength'] });
    void client.station.getMeasure({ deviceId, scale: '1month', types: ['date_max_temp', 'date_min_co2'] });
    expectTypeOf<'sum_rain'>().toExtend<WeatherMeasureType<'1day'>>();
    expectTypeOf<'Humidity'>().toExtend<WeatherMeasureType<'max'>>();
  });

  test('a misspelled or removed type is a compile-time error', () => {
    // @ts-expect-error: 'wind' is not a Netatmo measure type
    void client.station.getMeasure({ deviceId, scale: 'max', types: ['wind'] });
    // @ts-expect-error: misspelled
    void client.station.getMeasure({ deviceId, scale: '1hour', types: ['Temprature'] });
    // @ts-expect-error: sum_rain is an aggregate: not at scale max
    void client.station.getMeasure({ deviceId, scale: 'max', types: ['sum_rain'] });
    // @ts-expect-error: date_max_temp needs a day or more
    void client.station.getMeasure({ deviceId, scale: '3hours', types: ['date_max_temp'] });
    // @ts-expect-error: not a scale
    void client.station.getMeasure({ deviceId, scale: '2hours', types: ['Temperature'] });
    expectTypeOf<'wind'>().not.toExtend<WeatherMeasureType>();
  });

  test('energy types take a $0/$1/$2 tariff suffix, from 30min up', () => {
    void client.thermostat.getMeasure({ deviceId, moduleId: 'm', scale: '1day', types: ['sum_energy_buy_from_grid$1', 'sum_energy_elec', 'sum_energy_buy_from_grid_price$2'] });
    expectTypeOf<'sum_energy_buy_from_grid$0'>().toExtend<ThermostatMeasureType<'30min'>>();
    expectTypeOf<'sum_energy_buy_from_grid$3'>().not.toExtend<ThermostatMeasureType<'30min'>>();
    expectTypeOf<'sum_energy_buy_from_grid$1'>().not.toExtend<ThermostatMeasureType<'max'>>();
    // @ts-expect-error: only $0, $1, $2 exist
    void client.thermostat.getMeasure({ deviceId, scale: '1day', types: ['sum_energy_buy_from_grid$4'] });
  });

  test('room measure types', () => {
    void client.thermostat.getRoomMeasure({ homeId: 'h', roomId: 'r', scale: '30min', types: ['temperature', 'sp_temperature'] });
    expectTypeOf<'boileron'>().toExtend<RoomMeasureType<'max'>>();
    // @ts-expect-error: CO2 is not a room measure
    void client.thermostat.getRoomMeasure({ homeId: 'h', roomId: 'r', scale: '30min', types: ['CO2'] });
  });
});

describe('results are typed by the requested types', () => {
  test('getMeasure values are keyed by exactly the types asked for', () => {
    const result = client.station.getMeasure({ deviceId, scale: 'max', types: ['Temperature', 'Humidity'] });
    expectTypeOf(result).resolves.toEqualTypeOf<MeasureResult<'Temperature' | 'Humidity'>>();
    expectTypeOf<MeasurePoint<'Temperature'>['values']>().toEqualTypeOf<Record<'Temperature', number | null>>();
    expectTypeOf<MeasurePoint['time']>().toEqualTypeOf<Date>();
  });

  test('iterateMeasures yields typed points', () => {
    const points = client.station.iterateMeasures({ deviceId, scale: '1day', types: ['sum_rain'], dateBegin: new Date() });
    expectTypeOf(points).toEqualTypeOf<AsyncGenerator<MeasurePoint<'sum_rain'>, void, undefined>>();
  });

  test('fields real answers omit are optional; unknown fields stay reachable', () => {
    expectTypeOf<StationsData['devices'][number]['dashboard_data']>().toExtend<object | undefined>();
    expectTypeOf<undefined>().toExtend<StationsData['devices'][number]['dashboard_data']>();
    expectTypeOf<undefined>().toExtend<NonNullable<NonNullable<HomeStatus['home']>['rooms']>[number]['therm_measured_temperature']>();
    expectTypeOf<null>().toExtend<NonNullable<NonNullable<HomeStatus['home']>['rooms']>[number]['therm_setpoint_end_time']>();
    expectTypeOf<StationsData['devices'][number]>().toHaveProperty('some_future_field');
  });

  test('getCameraPicture returns bytes and a content type', () => {
    expectTypeOf(client.camera.getCameraPicture({ imageId: 'i', key: 'k' })).resolves.toEqualTypeOf<CameraPicture>();
    expectTypeOf<CameraPicture>().toEqualTypeOf<{ data: Uint8Array; contentType: string }>();
  });
});
