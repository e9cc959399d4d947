/**
 * The OpenAPI description at `/api/docs` (Swagger UI) and `/api/docs-json`, generated from the
 * controllers' decorators so it cannot drift from the routes.
 */
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export function mountApiDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Đúng hạn API')
    .setDescription(
      'Theo dõi thời hạn xử lý văn bản và điểm thi đua / deadlines and emulation scores of a department. ' +
        'Every route but /health, /metrics and these docs needs `Authorization: Bearer <token>` ' +
        '(`dunghan token create --role ROLE [--person ID] [--expires-in DAYS]`; a token expires, 90 days by default, ' +
        'and an expired one is 401). Roles: admin, council, leader, unit_head, staff, and integration — a sending system, ' +
        'which may only push (`POST /api/sources/{name}/push`) and sync a source, and reads nothing. ' +
        'Errors name the parameter at fault, in Vietnamese and English.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
